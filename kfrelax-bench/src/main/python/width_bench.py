#!/usr/bin/env python3
"""PyTorch peer of org.kfrelax.bench.WidthBench: RELAX / KF-RELAX on CartPole-v0, frozen policy.

Same model and work per episode as kfrelax's rl.Relax with its defaults, at hidden width W:
  policy  MLP 4 -> W -> W -> 2 (ReLU), output layer zero, Adam at lr 1e-300 (frozen: uniform);
  acting  one policy forward per step, a = argmax(logits + Gumbel(u)) (u kept for z);
  update  once per episode (T steps): z, the conditional z~ given the actions, the surrogate
          c(z, s) = scale * MLP([s, softmax(z / tau)]) (6 -> W -> W -> 1, ReLU) at z and z~,
          g = grad_theta[sum log pi(a|s) (R - c(z~))] + grad_theta[sum c(z) - sum c(z~)]
          (create_graph), the variance loss sum g^2 and its gradient in phi (double backprop),
          the entropy gradient, an Adam step of the policy (ascending g + 0.01 grad H);
  relax   Adam (lr 0.01, beta2 0.99999) on phi;
  kf-relax K-FAC on the surrogate's layers (Gauss-Newton statistics: unit Gaussian noise at the
          output backpropagated over the 2T rows at z and z~; factor decay 0.95; eigenbases
          every 10 updates; damping 0.1; kl-clip 0.001; momentum 0.9; lr 0.1), Adam on tau and
          scale at the policy's lr, and the policy trust-region check (one more policy forward).
CartPole-v0: Gymnasium's dynamics (Euler), reward 1 per step, 200-step limit.

Prints one line: "<process CPU us per step> <wall us per step> <mean episode length>" for
--steps steps after a warm-up of --warmup steps. Single-threaded (torch.set_num_threads(1)).
A benchmark, not a test: run by WidthBench, or by hand:
  python3 kfrelax-bench/src/main/python/width_bench.py --algo kf-relax --width 64 --steps 3000
"""
import argparse
import math
import random
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


class CartPole:
    """CartPole-v0 (Gymnasium's cartpole.py constants)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.s = None
        self.t = 0

    def reset(self):
        self.s = [self.rng.uniform(-0.05, 0.05) for _ in range(4)]
        self.t = 0
        return list(self.s)

    def step(self, a):
        x, xd, th, thd = self.s
        force = 10.0 if a == 1 else -10.0
        ct, st = math.cos(th), math.sin(th)
        temp = (force + 0.05 * thd * thd * st) / 1.1
        thacc = (9.8 * st - ct * temp) / (0.5 * (4.0 / 3.0 - 0.1 * ct * ct / 1.1))
        xacc = temp - 0.05 * thacc * ct / 1.1
        x, xd, th, thd = x + 0.02 * xd, xd + 0.02 * xacc, th + 0.02 * thd, thd + 0.02 * thacc
        self.s = [x, xd, th, thd]
        self.t += 1
        done = abs(x) > 2.4 or abs(th) > 12 * 2 * math.pi / 360 or self.t >= 200
        return list(self.s), 1.0, done


def mlp(sizes, zero_last=False):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    if zero_last:
        torch.nn.init.zeros_(layers[-1].weight)
        torch.nn.init.zeros_(layers[-1].bias)
    return torch.nn.Sequential(*layers)


class Kfac:
    """K-FAC on a Sequential's Linear layers, as described in the module docstring."""

    def __init__(self, net, lr=0.1, damping=0.1, decay=0.95, kl_clip=0.001, momentum=0.9, inverse_period=10):
        self.lins = [m for m in net if isinstance(m, torch.nn.Linear)]
        self.lr, self.damping, self.decay, self.kl_clip, self.momentum = lr, damping, decay, kl_clip, momentum
        self.period = inverse_period
        self.a = [None] * len(self.lins)
        self.g = [None] * len(self.lins)
        self.eig = [None] * len(self.lins)
        self.vel = [torch.zeros(l.in_features + 1, l.out_features) for l in self.lins]
        self.steps = 0

    def update_factors(self, x):
        """Gauss-Newton statistics for inputs x (rows x in): unit Gaussian noise at the output."""
        h = x.detach()
        ins, pres = [], []
        for i, lin in enumerate(self.lins):
            ins.append(h)
            a = lin(h)
            pres.append(a)
            h = torch.relu(a) if i + 1 < len(self.lins) else a
        eps = torch.randn_like(h)
        gs = torch.autograd.grad(h, pres, grad_outputs=-eps)
        n = x.shape[0]
        for i in range(len(self.lins)):
            hb = torch.cat([ins[i], torch.ones(n, 1)], 1)
            a_new = hb.t() @ hb / n
            g_new = gs[i].t() @ gs[i] * n
            if self.a[i] is None:
                self.a[i], self.g[i] = a_new, g_new
            else:
                self.a[i] = self.decay * self.a[i] + (1 - self.decay) * a_new
                self.g[i] = self.decay * self.g[i] + (1 - self.decay) * g_new

    def step(self, grads):
        """grads: [dW0, db0, dW1, db1, ...] in torch's layout (out x in)."""
        if self.steps % self.period == 0:
            self.eig = [(torch.linalg.eigh(a), torch.linalg.eigh(g)) for a, g in zip(self.a, self.g)]
        self.steps += 1
        nat = []
        q = 0.0
        for i, lin in enumerate(self.lins):
            grad = torch.cat([grads[2 * i].t(), grads[2 * i + 1][None, :]], 0)
            (la, qa), (lg, qg) = self.eig[i]
            v = qa.t() @ grad @ qg / (la.clamp(min=0)[:, None] * lg.clamp(min=0)[None, :] + self.damping)
            d = qa @ v @ qg.t()
            nat.append(d)
            q += (d * grad).sum().item()
        q *= self.lr ** 2
        s = min(1.0, math.sqrt(self.kl_clip / q)) if q > 0 else 1.0
        with torch.no_grad():
            for i, lin in enumerate(self.lins):
                self.vel[i].mul_(self.momentum).add_(nat[i], alpha=s)
                lin.weight.sub_(self.lr * self.vel[i][:-1].t())
                lin.bias.sub_(self.lr * self.vel[i][-1])


class Agent:
    def __init__(self, algo, width, seed=0):
        torch.manual_seed(seed)
        self.kf = algo == "kf-relax"
        self.policy = mlp([4, width, width, 2], zero_last=True)
        self.cv = mlp([6, width, width, 1])
        self.log_tau = torch.tensor(math.log(0.5), requires_grad=True)
        self.scale = torch.tensor(1.0, requires_grad=True)
        self.pparams = list(self.policy.parameters())
        self.cparams = list(self.cv.parameters()) + [self.log_tau, self.scale]
        self.popt = torch.optim.Adam(self.pparams, lr=1e-300, betas=(0.9, 0.99999))
        if self.kf:
            self.kfac = Kfac(self.cv)
            self.xopt = torch.optim.Adam([self.log_tau, self.scale], lr=1e-300, betas=(0.9, 0.99999))
        else:
            self.copt = torch.optim.Adam(self.cparams, lr=0.01, betas=(0.9, 0.99999))
        self.env = CartPole(seed)

    def c(self, x, z):
        return self.scale * self.cv(torch.cat([x, torch.softmax(z / torch.exp(self.log_tau), 1)], 1)).squeeze(1)

    def episode(self):
        s = self.env.reset()
        obs, acts, us = [], [], []
        done = False
        while not done:
            with torch.no_grad():
                logits = self.policy(torch.tensor(s))
                u = torch.rand(2)
                a = int(torch.argmax(logits - torch.log(-torch.log(u))))
            obs.append(s)
            acts.append(a)
            us.append(u)
            s, r, done = self.env.step(a)
        self.update(torch.tensor(obs), torch.tensor(acts)[:, None], torch.stack(us))
        return len(obs)

    def update(self, x, b, u):
        t = x.shape[0]
        ret = torch.empty(t)
        acc = 0.0
        for i in reversed(range(t)):
            acc = 1.0 + 0.99 * acc
            ret[i] = acc
        logits = self.policy(x)
        logp = torch.log_softmax(logits, 1)
        p = torch.softmax(logits, 1)
        z = logits - torch.log(-torch.log(u))
        v = torch.rand(t, 2)
        vb = v.gather(1, b)
        zt = (-torch.log(-torch.log(v) / p - torch.log(vb))).scatter(1, b, -torch.log(-torch.log(vb)))
        cz = self.c(x, z)
        czt = self.c(x, zt)
        logp_a = logp.gather(1, b).squeeze(1)
        g1 = torch.autograd.grad(logp_a, self.pparams, grad_outputs=ret - czt, create_graph=True)
        g2 = torch.autograd.grad((cz - czt).sum(), self.pparams, create_graph=True)
        g = [a + c for a, c in zip(g1, g2)]
        var = sum((gi * gi).sum() for gi in g)
        gphi = torch.autograd.grad(var, self.cparams)
        gent = torch.autograd.grad(-(p * logp).sum(), self.pparams)
        for prm, gi, ge in zip(self.pparams, g, gent):
            prm.grad = -(gi.detach() + 0.01 * ge)
        self.popt.step()
        if self.kf:
            with torch.no_grad():
                new = torch.log_softmax(self.policy(x), 1)
                (p * (logp - new)).sum(1).mean().item()      # the trust-region check
            tau = torch.exp(self.log_tau.detach())
            rows = torch.cat([torch.cat([x, torch.softmax(z.detach() / tau, 1)], 1),
                              torch.cat([x, torch.softmax(zt.detach() / tau, 1)], 1)], 0)
            self.kfac.update_factors(rows)
            self.kfac.step(gphi[:-2])
            self.log_tau.grad, self.scale.grad = gphi[-2], gphi[-1]
            self.xopt.step()
        else:
            for prm, gp in zip(self.cparams, gphi):
                prm.grad = gp
            self.copt.step()


def run(agent, steps):
    n = episodes = 0
    while n < steps:
        n += agent.episode()
        episodes += 1
    return n, episodes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--algo", choices=["relax", "kf-relax"], default="relax")
    ap.add_argument("--width", type=int, default=10)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--warmup", type=int, default=300)
    args = ap.parse_args()
    agent = Agent(args.algo, args.width)
    run(agent, args.warmup)
    c0, w0 = time.process_time(), time.perf_counter()
    n, episodes = run(agent, args.steps)
    c1, w1 = time.process_time(), time.perf_counter()
    print(f"{(c1 - c0) * 1e6 / n:.3f} {(w1 - w0) * 1e6 / n:.3f} {n / episodes:.3f}")


if __name__ == "__main__":
    main()
