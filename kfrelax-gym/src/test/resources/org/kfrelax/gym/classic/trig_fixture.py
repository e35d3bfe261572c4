"""Writes the digests of TrigFixture (see TrigFixture.java) for one sin/cos implementation.

    /usr/bin/python3 trig_fixture.py svml  > svml-trig.txt   # Debian 12 numpy 1.24.2, AVX-512 CPU
    python3 trig_fixture.py glibc > glibc-trig.txt           # math.sin/math.cos: glibc 2.36, FMA CPU

The arguments come from integer arithmetic and one double multiply-add per argument, so Java
and Python generate the same doubles. Each line: range name, count, SHA-256 of the big-endian
bits of sin over the range, same for cos. Then 'v x sin cos' lines (hex bits) for the explicit
edge cases.
"""
import hashlib
import math
import struct
import sys

M64 = (1 << 64) - 1


def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        yield z ^ (z >> 31)


def bits_to_double(b):
    return struct.unpack('>d', struct.pack('>Q', b))[0]


def double_bits(d):
    return struct.unpack('>Q', struct.pack('>d', d))[0]


def uniform(seed, n, lo, hi):
    g = splitmix64(seed)
    return [lo + (hi - lo) * ((next(g) >> 11) * 2.0**-53) for _ in range(n)]


def exponents(seed, n, emin, emax):
    """Random sign and mantissa, biased exponent uniform in [emin, emax)."""
    g = splitmix64(seed)
    out = []
    for _ in range(n):
        z = next(g)
        e = emin + (z >> 52) % (emax - emin)
        out.append(bits_to_double((z & (1 << 63)) | (e << 52) | (z & ((1 << 52) - 1))))
    return out


def near_half_pi(kmax):
    out = []
    half_pi = math.pi / 2
    for k in range(-kmax, kmax + 1):
        b = double_bits(k * half_pi)
        for d in (-2, -1, 0, 1, 2):
            v = k * half_pi
            out.append(bits_to_double(b + d) if v != 0 and (b & 0x7fffffffffffffff) + d > 0 else v)
    return out


RANGES = [
    ('cartpole', lambda: uniform(1, 262144, -0.5, 0.5)),
    ('four', lambda: uniform(2, 262144, -4.0, 4.0)),
    ('hundred', lambda: uniform(3, 131072, -100.0, 100.0)),
    ('scales', lambda: exponents(4, 262144, 1023 - 60, 1023 + 24)),
    ('tiny', lambda: exponents(5, 65536, 0, 1023 - 60)),
    ('halfpi', lambda: near_half_pi(20000)),
]
HUGE = ('huge', lambda: exponents(6, 65536, 1023 + 24, 2047))  # glibc only: SvmlTrig does not reproduce SVML there

EDGES = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 2.0**-27,
         math.nextafter(2.0**-27, 0), 2.0**-26, 1e-8, 0.5, 1.0, -1.0, math.pi / 4, math.pi / 2,
         math.pi, -math.pi, 2 * math.pi, 12 * 2 * math.pi / 360, 100.0, 2.0**24,
         math.nextafter(2.0**24, 0), -2.0**24]
HUGE_EDGES = [105414350.0, 105414351.0, -1e22, 1e300, 1.7976931348623157e308]


def main():
    if sys.argv[1] == 'svml':
        import numpy as np
        sin = lambda xs: [float(v) for v in np.sin(np.array(xs, dtype=np.float64))]
        cos = lambda xs: [float(v) for v in np.cos(np.array(xs, dtype=np.float64))]
        print('# numpy', np.__version__, 'np.sin/np.cos float64')
    else:
        sin = lambda xs: [math.sin(v) for v in xs]
        cos = lambda xs: [math.cos(v) for v in xs]
        print('# python', sys.version.split()[0], 'math.sin/math.cos')
    for name, make in RANGES + ([HUGE] if sys.argv[1] == 'glibc' else []):
        xs = make()
        digests = []
        for f in (sin, cos):
            h = hashlib.sha256()
            for v in f(xs):
                h.update(struct.pack('>d', v))
            digests.append(h.hexdigest())
        print(name, len(xs), digests[0], digests[1])
    edges = EDGES + (HUGE_EDGES if sys.argv[1] == 'glibc' else [])
    for x, s, c in zip(edges, sin(edges), cos(edges)):
        print('v %016x %016x %016x' % (double_bits(x), double_bits(s), double_bits(c)))


main()
