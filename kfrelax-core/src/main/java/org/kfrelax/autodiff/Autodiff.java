package org.kfrelax.autodiff;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation with {@code torch.autograd.grad} semantics.
 *
 * <p>{@code grad(outputs, inputs, gradOutputs, createGraph)} returns Σ_k gradOutputs_k ·
 * ∂outputs_k/∂inputs for each input. With {@code createGraph=true} the backward pass is itself
 * recorded, so the returned gradients can be differentiated again (to any order); with
 * {@code createGraph=false} nothing new is recorded. The forward graph is never consumed: it
 * can be differentiated any number of times (PyTorch's {@code retain_graph=True}). Only the
 * part of the graph between the outputs and the requested inputs is walked.
 *
 * <p>Stateless and thread-safe: two threads may differentiate two graphs at once.
 */
public final class Autodiff {
    private Autodiff() {}

    /** Gradient of a single-element output with respect to {@code inputs}, recording nothing. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(new Tensor[] {output}, inputs, null, false, false);
    }

    /** Gradient of a single-element output; {@code createGraph} makes it differentiable. */
    public static Tensor[] grad(Tensor output, Tensor[] inputs, boolean createGraph) {
        return grad(new Tensor[] {output}, inputs, null, createGraph, false);
    }

    /** Same as the five-argument form with {@code allowUnused=false}: unused inputs get zeros. */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, createGraph, false);
    }

    /**
     * Vector-Jacobian products of {@code outputs} with respect to {@code inputs}.
     *
     * @param gradOutputs one weight per output, shaped like it; null (or a null entry) means
     *                    1 and is allowed only for single-element outputs
     * @param createGraph record the backward pass so the result is differentiable
     * @param allowUnused if true, an input that does not influence the outputs gets null;
     *                    if false it gets a zero tensor
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs,
                                boolean createGraph, boolean allowUnused) {
        if (gradOutputs != null && gradOutputs.length != outputs.length) {
            throw new IllegalArgumentException("grad: " + gradOutputs.length + " gradOutputs for "
                    + outputs.length + " outputs");
        }
        Map<Tensor, Boolean> isInput = new IdentityHashMap<>();
        for (Tensor in : inputs) {
            if (!in.requiresGrad) {
                throw new IllegalArgumentException("grad: input " + in.shape()
                        + " does not require a gradient (make it a parameter, or compute it from one)");
            }
            isInput.put(in, Boolean.TRUE);
        }
        List<Tensor> order = topologicalOrder(outputs);
        // needed: the tensor is an input or some input lies below it
        Map<Tensor, Boolean> needed = new IdentityHashMap<>();
        for (Tensor t : order) {
            boolean need = isInput.containsKey(t);
            if (!need && t.node != null) {
                for (Tensor p : t.node.inputs) {
                    if (needed.containsKey(p)) {
                        need = true;
                        break;
                    }
                }
            }
            if (need) {
                needed.put(t, Boolean.TRUE);
            }
        }

        Accumulator acc = new Accumulator(createGraph);
        for (int k = 0; k < outputs.length; k++) {
            Tensor out = outputs[k];
            Tensor g = gradOutputs == null ? null : gradOutputs[k];
            if (g == null) {
                if (out.size() != 1) {
                    throw new IllegalArgumentException("grad: output " + k + " has shape " + out.shape()
                            + "; gradOutputs are required for outputs with more than one element");
                }
                g = Tensor.fullLike(out, 1.0);
            } else if (!g.sameShape(out)) {
                throw new IllegalArgumentException("grad: gradOutput " + k + " has shape " + g.shape()
                        + " but the output has shape " + out.shape());
            }
            if (out.requiresGrad && needed.containsKey(out)) {
                acc.add(out, createGraph ? g : g.detach());
            }
        }

        for (int idx = order.size() - 1; idx >= 0; idx--) {
            Tensor t = order.get(idx);
            Node node = t.node;
            if (node == null || !needed.containsKey(t)) {
                continue;
            }
            Tensor g = acc.get(t);
            if (g == null) {
                continue;
            }
            Tensor[] ins = node.inputs;
            boolean[] need = new boolean[ins.length];
            boolean any = false;
            for (int i = 0; i < ins.length; i++) {
                need[i] = ins[i].requiresGrad && needed.containsKey(ins[i]);
                any |= need[i];
            }
            if (!any) {
                continue;
            }
            Tensor[] args = ins;
            Tensor out = t;
            if (!createGraph) {
                args = new Tensor[ins.length];
                for (int i = 0; i < ins.length; i++) {
                    args[i] = ins[i].detach();
                }
                out = t.detach();
            }
            Tensor[] gs = node.backward.apply(g, args, out, need);
            for (int i = 0; i < ins.length; i++) {
                if (!need[i]) {
                    continue;
                }
                Tensor gi = gs[i];
                if (!gi.sameShape(ins[i])) {
                    throw new IllegalStateException("backward of " + node.op + " produced gradient " + gi.shape()
                            + " for input " + ins[i].shape());
                }
                acc.add(ins[i], gi);
            }
        }

        Tensor[] result = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor g = acc.get(inputs[i]);
            if (g == null && !allowUnused) {
                g = Tensor.zerosLike(inputs[i]);
            }
            result[i] = g;
        }
        return result;
    }

    /** Tensors that require a gradient, reachable from the outputs, each after its inputs. */
    static List<Tensor> topologicalOrder(Tensor[] outputs) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayList<Tensor> stack = new ArrayList<>();
        ArrayList<Integer> childIdx = new ArrayList<>();
        for (Tensor root : outputs) {
            if (!root.requiresGrad || visited.containsKey(root)) {
                continue;
            }
            visited.put(root, Boolean.TRUE);
            stack.add(root);
            childIdx.add(0);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                Tensor t = stack.get(top);
                int c = childIdx.get(top);
                Tensor[] ins = t.node == null ? null : t.node.inputs;
                if (ins != null && c < ins.length) {
                    childIdx.set(top, c + 1);
                    Tensor p = ins[c];
                    if (p.requiresGrad && !visited.containsKey(p)) {
                        visited.put(p, Boolean.TRUE);
                        stack.add(p);
                        childIdx.add(0);
                    }
                } else {
                    stack.remove(top);
                    childIdx.remove(top);
                    order.add(t);
                }
            }
        }
        return order;
    }

    /** Sums gradient contributions per tensor, recording the sums only when creating a graph. */
    private static final class Accumulator {
        private final boolean createGraph;
        private final Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        private final Map<Tensor, Boolean> owned = new IdentityHashMap<>();

        Accumulator(boolean createGraph) {
            this.createGraph = createGraph;
        }

        Tensor get(Tensor t) {
            return grads.get(t);
        }

        void add(Tensor t, Tensor g) {
            Tensor prev = grads.get(t);
            if (prev == null) {
                grads.put(t, g);
            } else if (createGraph) {
                grads.put(t, prev.add(g));
            } else if (owned.containsKey(t)) {
                double[] p = prev.data;
                double[] q = g.data;
                for (int i = 0; i < p.length; i++) {
                    p[i] += q[i];
                }
            } else {
                double[] p = prev.data;
                double[] q = g.data;
                double[] s = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    s[i] = p[i] + q[i];
                }
                grads.put(t, Tensor.like(t, s));
                owned.put(t, Boolean.TRUE);
            }
        }
    }
}
