#!/usr/bin/env python3
"""Steps per second of the discrete VAE's training step in PyTorch on the CPU, for comparison with
`kfrelax vae` (measurement only; PyTorch is not a kfrelax dependency). Debian: apt-get install -y
python3-torch python3-numpy, then /usr/bin/python3 kfrelax-bench/src/main/python/vae_bench.py.

The step is the one VaeRun takes: a minibatch of 50 dynamically binarized images, the encoder's
logits, the estimator's encoder gradient (disarm: two decoder evaluations at the antithetic pair;
rloo: two independent samples), the decoder's gradient of -mean log p(x|b) at a fresh b ~ q, Adam
(lr 1e-4) on both. Data are random grey levels: the time of a step does not depend on them.
Usage: vae_bench.py [--model linear|nonlinear] [--estimator disarm|rloo] [--dtype float64|float32]
                    [--threads 1] [--steps 2000] [--warmup 300]
"""
import argparse
import time

import torch
import torch.nn.functional as F


def mlp(sizes, nonlinear):
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if nonlinear and i + 2 < len(sizes):
            layers.append(torch.nn.LeakyReLU(0.3))
    return torch.nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="linear")
    ap.add_argument("--estimator", default="disarm")
    ap.add_argument("--dtype", default="float64")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=300)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dtype = getattr(torch, a.dtype)
    torch.set_default_dtype(dtype)
    nonlinear = a.model == "nonlinear"
    enc = mlp([784, 200, 200, 200] if nonlinear else [784, 200], nonlinear)
    dec = mlp([200, 200, 200, 784] if nonlinear else [200, 784], nonlinear)
    opt_e = torch.optim.Adam(enc.parameters(), lr=1e-4)
    opt_d = torch.optim.Adam(dec.parameters(), lr=1e-4)
    grey = torch.rand(60000, 784)
    K = 200

    def f(x, b, logits):  # -ELBO per row, log q with the logits held constant
        d = dec(b)
        logpx = (x * d - F.softplus(d)).sum(1)
        logq = (b * logits - F.softplus(logits)).sum(1)
        return logq - logpx + K * torch.log(torch.tensor(2.0))

    def step():
        idx = torch.randint(0, 60000, (50,))
        x = (torch.rand(50, 784) < grey[idx]).to(dtype)
        logits = enc(x)
        with torch.no_grad():
            l = logits.detach()
            p = torch.sigmoid(l)
            if a.estimator == "disarm":
                u = torch.rand_like(l)
                b1 = (u > 1 - p).to(dtype)
                b2 = (u < p).to(dtype)
                f1, f2 = f(x, b1, l), f(x, b2, l)
                factor = ((1 - b1) * b2 + b1 * (1 - b2)) * (-1.0) ** b2 * torch.sigmoid(l.abs())
                g = 0.5 * (f1 - f2)[:, None] * factor / 50
            else:  # rloo, two samples
                b1 = (torch.rand_like(l) < p).to(dtype)
                b2 = (torch.rand_like(l) < p).to(dtype)
                f1, f2 = f(x, b1, l), f(x, b2, l)
                g = 0.5 * ((f1 - f2)[:, None] * (b1 - p) + (f2 - f1)[:, None] * (b2 - p)) / 50
        opt_e.zero_grad()
        logits.backward(g)
        with torch.no_grad():
            b = (torch.rand_like(l) < torch.sigmoid(l)).to(dtype)
        opt_d.zero_grad()
        d = dec(b)
        (-(x * d - F.softplus(d)).sum(1).mean()).backward()
        opt_e.step()
        opt_d.step()

    for _ in range(a.warmup):
        step()
    t0 = time.process_time()
    w0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    cpu = time.process_time() - t0
    wall = time.perf_counter() - w0
    print(f"torch {torch.__version__} {a.model} {a.estimator} {a.dtype} threads={a.threads}: "
          f"{a.steps / cpu:.1f} steps per CPU-second, {a.steps / wall:.1f} steps/s wall")


if __name__ == "__main__":
    main()
