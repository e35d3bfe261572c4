package org.kfrelax.rl;

import org.kfrelax.autodiff.Autodiff;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Mlp;

/**
 * The per-episode score-function estimate of the policy gradient with a fixed control variate
 * h(s, a) (constant in θ), for a softmax policy π_θ(a|s) = softmax(policy(s)):
 * <pre>
 *   ĝ = Σ_t ∇θ log π(a_t|s_t)·(R_t − h(s_t, a_t))  +  Σ_t ∇θ Σ_a π(a|s_t)·h(s_t, a)
 * </pre>
 * with R_t the discounted return from step t ({@link Returns#discounted}). The second term is
 * the exact expectation over the action of the first term's subtracted part, so ĝ is unbiased
 * for every h (E[ĝ] = E[Σ_t ∇θ log π(a_t|s_t)·R_t]). Equivalently ĝ uses the state baseline
 * b(s) = Σ_a π(a|s) h(s, a) plus the zero-mean correction
 * Σ_a ∇θπ(a|s)·h(s, a) − ∇θ log π(a_t|s_t)·(h(s_t, a_t) − b(s_t)).
 * <ul>
 *   <li>no baseline (REINFORCE with returns): h = 0;</li>
 *   <li>a state baseline V: h(s, a) = V(s); the correction's first term is ∇θ Σ_a π(a|s)·V(s) =
 *       V(s)·∇θ 1 = 0 and is not computed;</li>
 *   <li>an action-value Q: h(s, a) = Q(s, a), the exact sum over the actions (Tucker et al.,
 *       ICML 2018, "The Mirage of Action-Dependent Baselines", eq. for discrete actions).</li>
 * </ul>
 */
final class BaselineGradient {
    private BaselineGradient() {}

    /**
     * ĝ for one episode, as constants.
     *
     * @param policy the policy network (logits)
     * @param ep the episode
     * @param gamma the discount of R_t
     * @param baseline V(s_t) per step (length ≥ ep.length), or null for none; ignored when {@code q} is given
     * @param q Q(s_t, a) per step and action (ep.length × nActions, row-major), or null
     */
    static Tensor[] of(Mlp policy, EpisodeBuffer ep, double gamma, double[] baseline, double[] q) {
        int n = ep.length;
        int k = ep.nActions;
        Tensor[] theta = policy.parameters().toArray(Tensor[]::new);
        Tensor logits = policy.forward(ep.observations());
        Tensor logp = logits.logSoftmax();
        double[] ret = Returns.discounted(ep.rewards, n, gamma);
        int[] actions = ep.actions();
        double[] w = new double[n];
        for (int t = 0; t < n; t++) {
            double h = q != null ? q[t * k + actions[t]] : baseline != null ? baseline[t] : 0.0;
            w[t] = ret[t] - h;
        }
        Tensor objective = logp.gather(actions).mul(Tensor.vector(w)).sum();
        if (q != null) {
            if (q.length != n * k) {
                throw new IllegalArgumentException("q has " + q.length + " values, expected " + n + "×" + k);
            }
            objective = objective.add(logp.exp().mul(Tensor.matrix(n, k, q)).sum());
        }
        return Autodiff.grad(objective, theta);
    }
}
