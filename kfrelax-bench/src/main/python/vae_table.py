#!/usr/bin/env python3
"""The RESULTS.md tables of the discrete-VAE benchmark from the run directories of `kfrelax vae`
(RUNS_DIR/<model>-<estimator>-s<seed>/vae.json and vae.csv): per estimator mean +- standard error
over seeds of the IW-100 test bound, the training ELBO over the last 100 steps, the encoder
gradient's log-variance (EMA) at the last step and the CPU time per step, the test bound's IQM with
a bootstrap 95 % CI; then paired differences between estimators on the same seeds.
With --per-run, one line per run directory under RUNS_DIR instead (any name; used for the
dev-seed grid of docs/TUNING.md): estimator, its learning rates, seed, the same measures.
Usage: vae_table.py [--model linear|nonlinear] [--per-run] [RUNS_DIR] (default runs)."""
import argparse, json, csv, math, glob, random, collections

ORDER = ['rloo', 'arm', 'disarm', 'rebar', 'relax', 'kf-relax', 'concrete', 'straight-through']
PAIRS = [('kf-relax', 'relax'), ('relax', 'rebar'), ('relax', 'disarm'), ('kf-relax', 'disarm'),
         ('disarm', 'rloo'), ('disarm', 'arm'), ('concrete', 'disarm')]


def load(f):
    j = json.load(open(f))
    rows = list(csv.DictReader(open(f.replace('vae.json', 'vae.csv'))))
    # each vae.csv row is the mean ELBO of the steps since the previous row
    last = [float(r['elbo']) for r in rows if int(r['step']) > j['steps_done'] - 100]
    return dict(dir=f[:-len('/vae.json')], estimator=j['estimator'], seed=j['seed'], steps=j['steps_done'],
                elr=j['estimator_lr'], klr=j['kfac_lr'], test=j['test_bound'], train=sum(last) / len(last),
                logvar=j['final_encoder_grad_logvar'], sps=j['steps_per_second'],
                ms=1000 * j['train_cpu_seconds'] / j['steps_done'], learned=j.get('learned', {}))


def mean_se(v):
    n = len(v); m = sum(v) / n
    return m, (math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1) / n) if n > 1 else float('nan'))


def iqm(v):
    """Mean of the middle half (25 % trimmed from each end, fractional weights at the cut)."""
    v = sorted(v); n = len(v); lo, hi = n / 4, 3 * n / 4
    w = [max(0.0, min(i + 1, hi) - max(i, lo)) for i in range(n)]
    return sum(x * wi for x, wi in zip(v, w)) / sum(w)


def iqm_ci(v, reps=2000):
    rng = random.Random(0)  # fixed: the same runs give the same table
    b = sorted(iqm([rng.choice(v) for _ in v]) for _ in range(reps))
    return iqm(v), b[int(0.025 * reps)], b[int(0.975 * reps) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('root', nargs='?', default='runs')
    ap.add_argument('--model', default='linear')
    ap.add_argument('--per-run', action='store_true')
    a = ap.parse_args()
    if a.per_run:
        print('| run | estimator | --estimator-lr | --kfac-lr | seed | steps | training ELBO, last 100 steps | test bound | log-variance | CPU ms per step | learned |')
        print('|---|---|---|---|---|---|---|---|---|---|---|')
        for f in sorted(glob.glob(a.root + '/*/vae.json')):
            x = load(f)
            learned = ', '.join(f'{k} {v:.4g}' for k, v in x['learned'].items())
            print(f"| {x['dir'].split('/')[-1]} | {x['estimator']} | {x['elr']:g} | {x['klr']:g} | {x['seed']} | {x['steps']} "
                  f"| {x['train']:.2f} | {x['test']:.2f} | {x['logvar']:.3f} | {x['ms']:.1f} | {learned} |")
        return
    data = collections.defaultdict(list)
    for f in sorted(glob.glob(f'{a.root}/{a.model}-*-s*/vae.json')):
        x = load(f)
        data[x['estimator']].append(x)
    steps = sorted({x['steps'] for d in data.values() for x in d})
    print(f'| estimator | seeds | test bound IW-100 (nats) | test bound IQM [95 % bootstrap CI] | training ELBO, last 100 steps '
          f'| encoder-gradient log-variance (EMA, step {"/".join(map(str, steps))}) | CPU ms per step | steps/s (wall) |')
    print('|---|---|---|---|---|---|---|---|')
    for e in ORDER:
        if e not in data: continue
        d = data[e]
        t = mean_se([x['test'] for x in d]); tr = mean_se([x['train'] for x in d]); lv = mean_se([x['logvar'] for x in d])
        q = iqm_ci([x['test'] for x in d])
        cpu = mean_se([x['ms'] for x in d]); w = mean_se([x['sps'] for x in d])
        print(f"| {e} | {','.join(str(x['seed']) for x in d)} | {t[0]:.2f} ± {t[1]:.2f} | {q[0]:.2f} [{q[1]:.2f}, {q[2]:.2f}] "
              f"| {tr[0]:.2f} ± {tr[1]:.2f} | {lv[0]:.2f} ± {lv[1]:.2f} | {cpu[0]:.1f} | {w[0]:.1f} |")
    print()
    for e in ORDER:
        for x in data.get(e, []):
            if x['learned']: print(e, x['seed'], x['learned'])
    print()
    print('| paired difference (same seed: same initialization, data order and binarization) | seeds | test bound | training ELBO, last 100 steps | log-variance |')
    print('|---|---|---|---|---|')
    for p, q in PAIRS:
        dp = {x['seed']: x for x in data.get(p, [])}; dq = {x['seed']: x for x in data.get(q, [])}
        seeds = sorted(set(dp) & set(dq))
        if len(seeds) < 2: continue
        t = mean_se([dp[s]['test'] - dq[s]['test'] for s in seeds]); tr = mean_se([dp[s]['train'] - dq[s]['train'] for s in seeds])
        lv = mean_se([dp[s]['logvar'] - dq[s]['logvar'] for s in seeds])
        print(f"| {p} − {q} | {','.join(map(str, seeds))} | {t[0]:+.2f} ± {t[1]:.2f} | {tr[0]:+.2f} ± {tr[1]:.2f} | {lv[0]:+.3f} ± {lv[1]:.3f} |")


if __name__ == '__main__':
    main()
