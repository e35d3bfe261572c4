package org.kfrelax.rl;

import static org.assertj.core.api.Assertions.assertThat;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.kfrelax.random.Pcg64;

/**
 * The method's Appendix C (compatible function approximation, Kakade 2002): for a softmax
 * policy on a small MDP, fitting the advantage with the compatible features
 * ψ(s,a) = ∇θ log π(a|s) by least squares (weighted by the discounted state visitation and
 * the policy) gives weights w equal to the natural gradient F⁻¹∇J, and a small step along w
 * raises, in every state, the probability of the action that is greedy under the fitted
 * approximation ψ(s,a)·w. Everything is exact: J, the advantages and the visitation come
 * from solving the Bellman equations; ∇J from central finite differences of the exact J
 * (independent of the policy-gradient theorem); the least squares by QR.
 */
class NaturalGradientTest {
    static final int S = 3;
    static final int A = 3;
    static final double GAMMA = 0.9;
    /** Parameters per state: logits of actions 0..A−2, the last logit fixed at 0 (so F is invertible). */
    static final int P = S * (A - 1);

    final double[][][] trans = new double[S][A][S];
    final double[][] reward = new double[S][A];
    final double[] mu = new double[S];

    NaturalGradientTest() {
        Pcg64 rng = new Pcg64(11);
        for (int s = 0; s < S; s++) {
            mu[s] = 1.0 / S;
            for (int a = 0; a < A; a++) {
                reward[s][a] = rng.uniform(-1, 1);
                double sum = 0;
                for (int t = 0; t < S; t++) {
                    trans[s][a][t] = rng.uniform(0.05, 1);
                    sum += trans[s][a][t];
                }
                for (int t = 0; t < S; t++) {
                    trans[s][a][t] /= sum;
                }
            }
        }
    }

    static double[][] policy(double[] theta) {
        double[][] pi = new double[S][A];
        for (int s = 0; s < S; s++) {
            double[] logits = new double[A];
            for (int b = 0; b < A - 1; b++) {
                logits[b] = theta[s * (A - 1) + b];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double l : logits) {
                max = Math.max(max, l);
            }
            double z = 0;
            for (int a = 0; a < A; a++) {
                pi[s][a] = Math.exp(logits[a] - max);
                z += pi[s][a];
            }
            for (int a = 0; a < A; a++) {
                pi[s][a] /= z;
            }
        }
        return pi;
    }

    /** (I − γ P_π)⁻¹ as a matrix. */
    DMatrixRMaj resolvent(double[][] pi) {
        DMatrixRMaj m = CommonOps_DDRM.identity(S);
        for (int s = 0; s < S; s++) {
            for (int t = 0; t < S; t++) {
                double p = 0;
                for (int a = 0; a < A; a++) {
                    p += pi[s][a] * trans[s][a][t];
                }
                m.add(s, t, -GAMMA * p);
            }
        }
        DMatrixRMaj inv = new DMatrixRMaj(S, S);
        assertThat(CommonOps_DDRM.invert(m, inv)).isTrue();
        return inv;
    }

    double[] values(double[][] pi) {
        DMatrixRMaj inv = resolvent(pi);
        double[] v = new double[S];
        for (int s = 0; s < S; s++) {
            for (int t = 0; t < S; t++) {
                double r = 0;
                for (int a = 0; a < A; a++) {
                    r += pi[t][a] * reward[t][a];
                }
                v[s] += inv.get(s, t) * r;
            }
        }
        return v;
    }

    double objective(double[] theta) {
        double[] v = values(policy(theta));
        double j = 0;
        for (int s = 0; s < S; s++) {
            j += mu[s] * v[s];
        }
        return j;
    }

    /** ψ(s,a): ∂ log π(a|s) / ∂θ. */
    static double[] psi(double[][] pi, int s, int a) {
        double[] g = new double[P];
        for (int b = 0; b < A - 1; b++) {
            g[s * (A - 1) + b] = (a == b ? 1.0 : 0.0) - pi[s][b];
        }
        return g;
    }

    @Test
    void compatibleLeastSquaresWeightsAreTheNaturalGradient() {
        double[] theta = {0.5, -0.3, 1.2, 0.4, -0.8, 0.1};
        double[][] pi = policy(theta);
        double[] v = values(pi);
        DMatrixRMaj inv = resolvent(pi);
        double[] d = new double[S];
        for (int t = 0; t < S; t++) {
            for (int s = 0; s < S; s++) {
                d[t] += mu[s] * inv.get(s, t);
            }
        }
        // exact advantages
        double[][] adv = new double[S][A];
        for (int s = 0; s < S; s++) {
            for (int a = 0; a < A; a++) {
                double q = reward[s][a];
                for (int t = 0; t < S; t++) {
                    q += GAMMA * trans[s][a][t] * v[t];
                }
                adv[s][a] = q - v[s];
            }
        }
        // weighted least squares by QR: rows sqrt(d(s)π(a|s))·ψ(s,a), targets sqrt(d(s)π(a|s))·A(s,a)
        DMatrixRMaj x = new DMatrixRMaj(S * A, P);
        DMatrixRMaj y = new DMatrixRMaj(S * A, 1);
        DMatrixRMaj fisher = new DMatrixRMaj(P, P);
        for (int s = 0; s < S; s++) {
            for (int a = 0; a < A; a++) {
                double wgt = d[s] * pi[s][a];
                double[] f = psi(pi, s, a);
                for (int i = 0; i < P; i++) {
                    x.set(s * A + a, i, Math.sqrt(wgt) * f[i]);
                    for (int j = 0; j < P; j++) {
                        fisher.add(i, j, wgt * f[i] * f[j]);
                    }
                }
                y.set(s * A + a, 0, Math.sqrt(wgt) * adv[s][a]);
            }
        }
        DMatrixRMaj w = new DMatrixRMaj(P, 1);
        assertThat(CommonOps_DDRM.solve(x, y, w)).isTrue();

        // ∇J by central differences of the exact objective
        DMatrixRMaj grad = new DMatrixRMaj(P, 1);
        double h = 1e-5;
        for (int i = 0; i < P; i++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[i] += h;
            tm[i] -= h;
            grad.set(i, 0, (objective(tp) - objective(tm)) / (2 * h));
        }
        DMatrixRMaj nat = new DMatrixRMaj(P, 1);
        assertThat(CommonOps_DDRM.solve(fisher, grad, nat)).isTrue();
        // tolerance: central differences with h = 1e-5 are accurate to ~1e-9 here; F is well conditioned
        for (int i = 0; i < P; i++) {
            assertThat(w.get(i, 0)).as("w[%d]", i).isCloseTo(nat.get(i, 0), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(CommonOps_DDRM.elementMaxAbs(nat)).isGreaterThan(1e-2);

        // a small natural-gradient step raises π(greedy action | s) in every state, and J
        double eps = 1e-3;
        double[] next = theta.clone();
        for (int i = 0; i < P; i++) {
            next[i] += eps * w.get(i, 0);
        }
        double[][] pi2 = policy(next);
        for (int s = 0; s < S; s++) {
            int greedy = 0;
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < A; a++) {
                double[] f = psi(pi, s, a);
                double approx = 0;
                for (int i = 0; i < P; i++) {
                    approx += f[i] * w.get(i, 0);
                }
                if (approx > best) {
                    best = approx;
                    greedy = a;
                }
            }
            assertThat(pi2[s][greedy]).as("π(greedy %d | s=%d)", greedy, s).isGreaterThan(pi[s][greedy]);
        }
        assertThat(objective(next)).isGreaterThan(objective(theta));
    }
}
