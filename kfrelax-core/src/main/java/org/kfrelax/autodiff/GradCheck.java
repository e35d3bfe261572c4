package org.kfrelax.autodiff;

import java.util.SplittableRandom;

/**
 * Finite-difference checks of {@link Autodiff#grad}, first and second order (PyTorch's
 * {@code gradcheck} / {@code gradgradcheck}).
 *
 * <p>A function F of several tensors is reduced to the scalar L(x) = Σ w ⊙ F(x) with fixed
 * random weights w. First order: ∂L/∂x from {@code grad} against central differences
 * (L(x+h) − L(x−h)) / 2h. Second order: with fixed random v, S(x) = Σ_i ⟨v_i, ∂L/∂x_i⟩ is
 * differentiated through the recorded backward pass ({@code createGraph=true}) and compared
 * with central differences of S computed from first-order gradients. An entry passes when
 * |analytic − numeric| ≤ atol + rtol·|numeric|.
 */
public final class GradCheck {
    private GradCheck() {}

    /** A differentiable function of several tensors. */
    @FunctionalInterface
    public interface Function {
        Tensor apply(Tensor[] xs);
    }

    /** Outcome of a check: the worst entry and whether every entry passed. */
    public record Result(boolean passed, double maxAbsError, String worst) {
        @Override
        public String toString() {
            return (passed ? "passed" : "FAILED") + " (max abs error " + maxAbsError + "; worst " + worst + ")";
        }
    }

    /** First-order check with step h, tolerances atol and rtol. */
    public static Result gradcheck(Function f, double[][] point, int[][] shapes, double h, double atol, double rtol) {
        Tensor w = weights(f, point, shapes);
        Tensor[] xs = params(point, shapes);
        Tensor[] analytic = Autodiff.grad(weighted(f, xs, w), xs);
        Checker c = new Checker(atol, rtol);
        for (int i = 0; i < point.length; i++) {
            for (int j = 0; j < point[i].length; j++) {
                double num = central(x -> weighted(f, params(x, shapes), w).item(), point, i, j, h);
                c.compare(analytic[i].data[j], num, "d/dx" + i + "[" + j + "]");
            }
        }
        return c.result();
    }

    /** Second-order check: the gradient of ⟨v, ∇L⟩ through a recorded backward pass. */
    public static Result gradgradcheck(Function f, double[][] point, int[][] shapes, double h, double atol, double rtol) {
        Tensor w = weights(f, point, shapes);
        SplittableRandom rnd = new SplittableRandom(7);
        Tensor[] v = new Tensor[point.length];
        for (int i = 0; i < point.length; i++) {
            double[] d = new double[point[i].length];
            for (int j = 0; j < d.length; j++) {
                d[j] = rnd.nextDouble(-1, 1);
            }
            v[i] = shaped(d, shapes[i], false);
        }
        Tensor[] xs = params(point, shapes);
        Tensor[] g = Autodiff.grad(new Tensor[] {weighted(f, xs, w)}, xs, null, true);
        Tensor s = null;
        for (int i = 0; i < xs.length; i++) {
            Tensor term = g[i].mul(v[i]).sum();
            s = s == null ? term : s.add(term);
        }
        Tensor[] analytic = s.requiresGrad() ? Autodiff.grad(s, xs) : zeros(xs);
        Checker c = new Checker(atol, rtol);
        for (int i = 0; i < point.length; i++) {
            for (int j = 0; j < point[i].length; j++) {
                double num = central(x -> {
                    Tensor[] px = params(x, shapes);
                    Tensor[] gx = Autodiff.grad(new Tensor[] {weighted(f, px, w)}, px, null, false);
                    double acc = 0.0;
                    for (int k = 0; k < gx.length; k++) {
                        for (int q = 0; q < gx[k].data.length; q++) {
                            acc += gx[k].data[q] * v[k].data[q];
                        }
                    }
                    return acc;
                }, point, i, j, h);
                c.compare(analytic[i].data[j], num, "d2/dx" + i + "[" + j + "]");
            }
        }
        return c.result();
    }

    private static Tensor[] zeros(Tensor[] xs) {
        Tensor[] z = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            z[i] = Tensor.zerosLike(xs[i]);
        }
        return z;
    }

    private interface Scalar {
        double at(double[][] x);
    }

    private static double central(Scalar fn, double[][] point, int i, int j, double h) {
        double[][] p = copy(point);
        p[i][j] = point[i][j] + h;
        double up = fn.at(p);
        p[i][j] = point[i][j] - h;
        double down = fn.at(p);
        return (up - down) / (2 * h);
    }

    private static Tensor weights(Function f, double[][] point, int[][] shapes) {
        Tensor y = f.apply(params(point, shapes));
        SplittableRandom rnd = new SplittableRandom(3);
        double[] d = new double[y.size()];
        for (int k = 0; k < d.length; k++) {
            d[k] = rnd.nextDouble(0.5, 1.5) * (rnd.nextBoolean() ? 1 : -1);
        }
        return Tensor.like(y, d);
    }

    private static Tensor weighted(Function f, Tensor[] xs, Tensor w) {
        return f.apply(xs).mul(w).sum();
    }

    private static Tensor[] params(double[][] x, int[][] shapes) {
        Tensor[] t = new Tensor[x.length];
        for (int i = 0; i < x.length; i++) {
            t[i] = shaped(x[i], shapes[i], true);
        }
        return t;
    }

    /** shape {} = scalar, {n} = vector, {m, n} = matrix. */
    private static Tensor shaped(double[] d, int[] shape, boolean param) {
        Tensor t = switch (shape.length) {
            case 0 -> Tensor.scalar(d[0]);
            case 1 -> Tensor.vector(d);
            default -> Tensor.matrix(shape[0], shape[1], d);
        };
        return param ? Tensor.param(t) : t;
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    private static final class Checker {
        private final double atol;
        private final double rtol;
        private boolean passed = true;
        private double maxAbs = 0.0;
        private String worst = "none";

        Checker(double atol, double rtol) {
            this.atol = atol;
            this.rtol = rtol;
        }

        void compare(double analytic, double numeric, String what) {
            double err = Math.abs(analytic - numeric);
            boolean ok = err <= atol + rtol * Math.abs(numeric) && Double.isFinite(analytic);
            if (!ok) {
                passed = false;
            }
            if (err > maxAbs || !Double.isFinite(err)) {
                maxAbs = err;
                worst = what + ": analytic " + analytic + " vs numeric " + numeric;
            }
        }

        Result result() {
            return new Result(passed, maxAbs, worst);
        }
    }
}
