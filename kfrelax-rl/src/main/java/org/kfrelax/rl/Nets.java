package org.kfrelax.rl;

import java.util.List;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Activation;
import org.kfrelax.nn.Mlp;
import org.kfrelax.optim.Adam;
import org.kfrelax.optim.Optimizer;
import org.kfrelax.optim.RmsProp;
import org.kfrelax.optim.Sgd;
import org.kfrelax.random.Rng;

/** Small factories shared by the agents: networks and optimizers from an {@link AgentConfig}. */
final class Nets {
    private Nets() {}

    /** An MLP in → hidden... → out, Xavier-initialized hidden layers, output layer scaled by {@code outGain}. */
    static Mlp mlp(int in, int[] hidden, int out, String activation, double outGain, Rng rng) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = in;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = out;
        return Mlp.create(sizes, Activation.parse(activation), Mlp.InitScheme.XAVIER, 1.0, outGain, rng);
    }

    /** The configured first-order optimizer ({@code adam} uses β1 = .9, the configured β2, ε = 1e-8). */
    static Optimizer optimizer(String name, List<Tensor> params, double lr, double adamBeta2) {
        return switch (name) {
            case "adam" -> new Adam(params, lr, 0.9, adamBeta2, 1e-8);
            case "rmsprop" -> new RmsProp(params, lr);
            case "sgd" -> new Sgd(params, lr, 0.0);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected adam, rmsprop or sgd");
        };
    }

    /** A constant tensor with the shape of {@code like} holding {@code d}. */
    static Tensor constantLike(Tensor like, double[] d) {
        return switch (like.rank()) {
            case 0 -> Tensor.scalar(d[0]);
            case 1 -> Tensor.vector(d);
            default -> Tensor.matrix(like.rows(), like.cols(), d);
        };
    }

    /** Copies the current values of {@code params}. */
    static double[][] snapshot(List<Tensor> params) {
        double[][] s = new double[params.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = params.get(i).toArray();
        }
        return s;
    }
}
