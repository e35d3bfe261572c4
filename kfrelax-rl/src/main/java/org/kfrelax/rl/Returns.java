package org.kfrelax.rl;

/** Discounted returns and generalized advantage estimates. */
public final class Returns {
    private Returns() {}

    /** R_t = Σ_{t'≥t} γ^{t'−t} r_{t'} for t = 0..n−1 (the episode ends after step n−1). */
    public static double[] discounted(double[] rewards, int n, double gamma) {
        return discounted(rewards, n, gamma, 0.0);
    }

    /**
     * R_t = Σ_{t'=t}^{n−1} γ^{t'−t} r_{t'} + γ^{n−t} b for t = 0..n−1: the returns of an episode
     * cut after step n−1, bootstrapped from the value estimate b of the state after it
     * (b = 0: a terminated episode).
     */
    public static double[] discounted(double[] rewards, int n, double gamma, double bootstrap) {
        double[] out = new double[n];
        double run = bootstrap;
        for (int t = n - 1; t >= 0; t--) {
            run = rewards[t] + gamma * run;
            out[t] = run;
        }
        return out;
    }

    /**
     * GAE (Schulman et al. 2016): δ_t = r_t + γ V(s_{t+1}) − V(s_t) with V = 0 after a
     * terminal step and V(s_n) = {@code bootstrap} after a truncated one;
     * Â_t = Σ_k (γλ)^k δ_{t+k}.
     */
    public static double[] gae(double[] rewards, double[] values, int n, double bootstrap, double gamma, double lambda) {
        double[] adv = new double[n];
        double run = 0;
        for (int t = n - 1; t >= 0; t--) {
            double next = t == n - 1 ? bootstrap : values[t + 1];
            double delta = rewards[t] + gamma * next - values[t];
            run = delta + gamma * lambda * run;
            adv[t] = run;
        }
        return adv;
    }
}
