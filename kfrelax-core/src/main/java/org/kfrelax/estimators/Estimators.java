package org.kfrelax.estimators;

import java.util.List;
import org.kfrelax.random.Pcg64;

/** Creates estimators by their command-line names with common settings. */
public final class Estimators {
    private Estimators() {}

    /** Every name {@link #create} accepts. */
    public static final List<String> NAMES = List.of("reinforce", "reinforce-baseline", "rloo", "concrete",
            "straight-through", "rebar", "relax", "kf-relax", "discrete-lax", "arm", "disarm", "lax", "kf-lax");

    /**
     * Settings shared by the estimators.
     *
     * @param lr Adam learning rate of the estimator's own parameters (surrogate, η, λ)
     * @param temperature the fixed temperature of concrete and straight-through
     * @param baselineDecay decay of REINFORCE's moving-average baseline
     * @param fisher the K-FAC Fisher source of kf-relax and kf-lax
     * @param kfacLr the K-FAC learning rate
     * @param damping the K-FAC Tikhonov damping
     * @param klClip the K-FAC trust-region bound
     * @param seed seed of the surrogate's initialization (and the Gauss-Newton noise)
     */
    public record Settings(double lr, double temperature, double baselineDecay,
            KfacSurrogateOptimizer.FisherSource fisher, double kfacLr, double damping, double klClip, long seed) {

        /** Adam lr 0.01, temperature 0.5, baseline decay 0.9, K-FAC defaults ({@link KfacSurrogateOptimizer#defaults}). */
        public static Settings defaults(long seed) {
            return new Settings(0.01, 0.5, 0.9, KfacSurrogateOptimizer.FisherSource.GAUSS_NEWTON_OUTPUT, 0.1, 0.1, 1e-3, seed);
        }
    }

    /** The control variate of relax and kf-relax. */
    public enum SurrogateForm {
        /** c_φ(z) = MLP(2σ_λ(z) − 1), dim → 10 tanh → 1 (the toy problem's; {@link Surrogate#relaxed}). */
        PLAIN,
        /**
         * c_φ(z) = η f(σ_λ(z)) + MLP(2σ_λ(z) − 1), dim → 137 LeakyReLU(0.3) → 1 (the RELAX paper's VAE
         * surrogate; 137 hidden units and the slope are google-research's DisARM launcher's control
         * network; {@link Surrogate#rebarPlus}). Needs a differentiable objective.
         */
        REBAR_PLUS;

        /** {@code plain} or {@code rebar-plus}. */
        public static SurrogateForm parse(String s) {
            for (SurrogateForm f : values()) {
                if (f.toString().equals(s)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown surrogate '" + s + "', expected plain or rebar-plus");
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Hidden units of the REBAR-plus surrogate's network (the DisARM launcher's control network). */
    public static final int REBAR_PLUS_HIDDEN = 137;

    /**
     * The estimator called {@code name} for samples of {@code dim} values.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Estimator create(String name, int dim, Settings s) {
        return create(name, dim, s, SurrogateForm.PLAIN);
    }

    /**
     * The estimator called {@code name} for samples of {@code dim} values, relax and kf-relax with
     * the control variate {@code form}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Estimator create(String name, int dim, Settings s, SurrogateForm form) {
        if (dim <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dim);
        }
        if (form == SurrogateForm.REBAR_PLUS && (name.equals("relax") || name.equals("kf-relax"))) {
            SurrogateOptimizer opt = name.equals("relax") ? new AdamSurrogateOptimizer(s.lr()) : kfac(s);
            return Relax.rebarPlus(name, dim, REBAR_PLUS_HIDDEN, opt, new Pcg64(s.seed()));
        }
        return switch (name) {
            case "reinforce" -> new Reinforce();
            case "reinforce-baseline" -> Reinforce.withBaseline(s.baselineDecay());
            case "rloo" -> new Rloo();
            case "concrete" -> new Concrete(s.temperature());
            case "straight-through" -> new StraightThrough(s.temperature());
            case "rebar" -> new Rebar(s.lr());
            case "relax" -> Relax.relax(dim, s.lr(), new Pcg64(s.seed()));
            case "kf-relax" -> Relax.kfRelax(dim, kfac(s), new Pcg64(s.seed()));
            case "discrete-lax" -> DiscreteLax.create(dim, s.lr(), new Pcg64(s.seed()));
            case "arm" -> new Arm();
            case "disarm" -> new DisArm();
            case "lax" -> Lax.lax(dim, s.lr(), new Pcg64(s.seed()));
            case "kf-lax" -> Lax.kfLax(dim, kfac(s), new Pcg64(s.seed()));
            default -> throw new IllegalArgumentException("unknown estimator '" + name + "', expected one of "
                    + String.join(", ", NAMES));
        };
    }

    private static KfacSurrogateOptimizer kfac(Settings s) {
        return new KfacSurrogateOptimizer(s.fisher(), s.kfacLr(), s.damping(), s.klClip(), s.lr(), (s.seed() + 1) & Long.MAX_VALUE);
    }
}
