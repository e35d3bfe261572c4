package org.kfrelax.kfac;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.kfrelax.autodiff.Graph;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.nn.Linear;

/**
 * The forward passes of each dense layer that a loss depends on, found in the loss's graph: every
 * {@code y = affine(x, W, b)} whose weight W is the layer's. These give K-FAC its statistics (the
 * inputs x for A, the gradients at the pre-activations y for G) without the layers recording
 * anything. Passes are listed per layer in the order of {@link Graph#forEachOp}; passes that do
 * not influence the loss are not in its graph and so are not found.
 */
public final class LayerPasses {
    private final List<Linear> layers;
    private final List<List<Tensor[]>> passes;

    private LayerPasses(List<Linear> layers, List<List<Tensor[]>> passes) {
        this.layers = layers;
        this.passes = passes;
    }

    /**
     * Finds the passes of {@code layers} in the graph of {@code roots} (a loss, or the tensors a
     * loss would be formed from; with several roots the passes are listed root by root).
     *
     * @throws IllegalStateException if some layer has no pass there
     */
    public static LayerPasses find(List<Linear> layers, Tensor... roots) {
        Map<Tensor, Integer> byWeight = new IdentityHashMap<>();
        List<List<Tensor[]>> passes = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            byWeight.put(layers.get(i).weight(), i);
            passes.add(new ArrayList<>(2));
        }
        Graph.forEachOp(roots, (op, y, in) -> {
            if (op.equals("affine")) {
                Integer layer = byWeight.get(in.get(1));
                if (layer != null) {
                    passes.get(layer).add(new Tensor[] {in.get(0), y});
                }
            }
        });
        for (int i = 0; i < passes.size(); i++) {
            if (passes.get(i).isEmpty()) {
                throw new IllegalStateException("K-FAC: the loss does not depend on any forward pass of layer " + i
                        + " (a " + layers.get(i).in() + "→" + layers.get(i).out() + " Linear)");
            }
        }
        return new LayerPasses(List.copyOf(layers), passes);
    }

    /** Whether these are the passes of exactly {@code layers} (the same objects, in the same order). */
    public boolean areOf(List<Linear> layers) {
        if (layers.size() != this.layers.size()) {
            return false;
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) != this.layers.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Per layer, its {input, pre-activation} pairs. */
    public List<List<Tensor[]>> byLayer() {
        return passes;
    }

    /** All pre-activations, layer by layer, in the order of {@link #byLayer}. */
    public Tensor[] preactivations() {
        List<Tensor> out = new ArrayList<>();
        for (List<Tensor[]> layer : passes) {
            for (Tensor[] p : layer) {
                out.add(p[1]);
            }
        }
        return out.toArray(new Tensor[0]);
    }
}
