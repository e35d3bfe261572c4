#!/usr/bin/env python3
"""The RESULTS.md tables of the discrete-VAE benchmark from the run directories of `kfrelax vae`
(runs/linear-<estimator>-s<seed>/vae.json and vae.csv): per estimator mean +- standard error over
seeds of the IW-100 test bound, the training ELBO over the last 100 steps, the encoder gradient's
log-variance (EMA) at the last step and the CPU time per step; then paired differences between
estimators on the same seeds. Usage: vae_table.py [RUNS_DIR] (default runs)."""
import json, csv, math, glob, sys, collections
root = sys.argv[1] if len(sys.argv) > 1 else 'runs'
order = ['rloo', 'arm', 'disarm', 'rebar', 'relax', 'kf-relax', 'concrete', 'straight-through']
data = collections.defaultdict(list)
for f in sorted(glob.glob(root + '/linear-*-s*/vae.json')):
    j = json.load(open(f))
    rows = list(csv.DictReader(open(f.replace('vae.json', 'vae.csv'))))
    last = [float(r['elbo']) for r in rows if int(r['step']) > j['steps'] - 100]
    data[j['estimator']].append(dict(seed=j['seed'], test=j['test_bound'], train=sum(last) / len(last),
        logvar=j['final_encoder_grad_logvar'], spc=j['steps_per_cpu_second'], sps=j['steps_per_second'],
        ms=1000 * j['train_cpu_seconds'] / j['steps_done'], learned=j.get('learned', {})))
def ms(v):
    n = len(v); m = sum(v) / n
    se = math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1) / n) if n > 1 else float('nan')
    return m, se
print('| estimator | seeds | test bound IW-100 (nats) | training ELBO, last 100 steps | encoder-gradient log-variance (EMA, step 1000) | CPU ms per step | steps/s (wall, loaded machine) |')
print('|---|---|---|---|---|---|---|')
for e in order:
    if e not in data: continue
    d = data[e]
    t = ms([x['test'] for x in d]); tr = ms([x['train'] for x in d]); lv = ms([x['logvar'] for x in d])
    cpu = ms([x['ms'] for x in d]); w = ms([x['sps'] for x in d])
    print(f"| {e} | {','.join(str(x['seed']) for x in d)} | {t[0]:.2f} ± {t[1]:.2f} | {tr[0]:.2f} ± {tr[1]:.2f} | {lv[0]:.2f} ± {lv[1]:.2f} | {cpu[0]:.1f} | {w[0]:.1f} |")
print()
for e in order:
    for x in data.get(e, []):
        if x['learned']: print(e, x['seed'], x['learned'])
print()
print('| paired difference (same seed: same initialization, data order and binarization) | seeds | test bound | training ELBO, last 100 steps | log-variance |')
print('|---|---|---|---|---|')
for a, b in [('kf-relax', 'relax'), ('relax', 'rebar'), ('relax', 'disarm'), ('disarm', 'rloo'), ('disarm', 'arm'), ('concrete', 'disarm')]:
    da = {x['seed']: x for x in data.get(a, [])}; db = {x['seed']: x for x in data.get(b, [])}
    seeds = sorted(set(da) & set(db))
    if len(seeds) < 2: continue
    t = ms([da[s]['test'] - db[s]['test'] for s in seeds]); tr = ms([da[s]['train'] - db[s]['train'] for s in seeds])
    lv = ms([da[s]['logvar'] - db[s]['logvar'] for s in seeds])
    print(f"| {a} − {b} | {','.join(map(str, seeds))} | {t[0]:+.2f} ± {t[1]:.2f} | {tr[0]:+.2f} ± {tr[1]:.2f} | {lv[0]:+.3f} ± {lv[1]:.3f} |")
