package org.kfrelax.autodiff;

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
 * <p>No global state: two threads may differentiate two graphs at once, even graphs that
 * share parameters. One graph is differentiated by one thread at a time (a call keeps its
 * traversal marks in the graph's nodes).
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
        for (Tensor in : inputs) {
            if (!in.requiresGrad) {
                throw new IllegalArgumentException("grad: input " + in.shape()
                        + " does not require a gradient (make it a parameter, or compute it from one)");
            }
        }
        Positions index = new Positions();
        Order order = topologicalOrder(outputs, index);
        boolean[] needed = needed(order, index, inputs);
        GradientBuffers buffers = createGraph ? null : GradientBuffers.begin();
        try {
            Accumulator acc = new Accumulator(order.size, createGraph, buffers);
            for (Tensor in : inputs) {
                int k = index.get(in);
                if (k >= 0) {
                    acc.keep(k);   // a result: its array is the caller's
                }
            }
            for (int k = 0; k < outputs.length; k++) {
                seed(k, outputs[k], gradOutputs == null ? null : gradOutputs[k], index, needed, acc, createGraph);
            }
            // one small method per node and per phase rather than one method with all the loops:
            // the JIT compiles each once instead of recompiling the whole walk on-stack at each loop
            for (int k = order.size - 1; k >= 0; k--) {
                backward(order, k, needed, acc, createGraph);
            }
            Tensor[] result = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                int k = index.get(inputs[i]);
                Tensor g = k >= 0 ? acc.get(k) : null;
                if (g == null && !allowUnused) {
                    g = Tensor.zerosLike(inputs[i]);
                }
                result[i] = g;
            }
            return result;
        } finally {
            if (buffers != null) {
                buffers.end();
            }
        }
    }

    /** needed[k]: order[k] is one of {@code inputs} or some input lies below it. */
    private static boolean[] needed(Order order, Positions index, Tensor[] inputs) {
        int n = order.size;
        boolean[] needed = new boolean[n];
        for (Tensor in : inputs) {
            int k = index.get(in);
            if (k >= 0) {
                needed[k] = true;
            }
        }
        int[] inStart = order.inputStart;
        int[] inPos = order.inputPositions;
        for (int k = 0; k < n; k++) {
            if (!needed[k]) {
                needed[k] = anyNeeded(inPos, inStart[k], inStart[k + 1], needed);
            }
        }
        return needed;
    }

    private static boolean anyNeeded(int[] inPos, int from, int to, boolean[] needed) {
        for (int e = from; e < to; e++) {
            int q = inPos[e];
            if (q >= 0 && needed[q]) {
                return true;
            }
        }
        return false;
    }

    /** Starts the walk at output {@code k} with its weight {@code g} (null: 1 for a single element). */
    private static void seed(int k, Tensor out, Tensor g, Positions index, boolean[] needed, Accumulator acc,
                             boolean createGraph) {
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
        int q = out.requiresGrad ? index.get(out) : -1;
        if (q >= 0 && needed[q]) {
            acc.add(q, out, createGraph ? g : g.detach());
        }
    }

    /** Applies the backward rule of the node at position {@code k}, adding its inputs' gradients. */
    private static void backward(Order order, int k, boolean[] needed, Accumulator acc, boolean createGraph) {
        Tensor t = order.tensors[k];
        Node node = t.node;
        if (node == null || !needed[k]) {
            return;
        }
        Tensor g = acc.get(k);
        if (g == null) {
            return;
        }
        Tensor[] ins = node.inputs;
        int pos0 = order.inputStart[k];
        int[] inPos = order.inputPositions;
        boolean[] need = new boolean[ins.length];
        boolean any = false;
        for (int i = 0; i < ins.length; i++) {
            int q = inPos[pos0 + i];
            need[i] = q >= 0 && needed[q];
            any |= need[i];
        }
        if (!any) {
            return;
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
            acc.add(inPos[pos0 + i], ins[i], gi);
        }
        acc.consumed(k);
    }

    /**
     * Tensors that require a gradient, reachable from the outputs, each after its inputs, with
     * the positions of each one's inputs in the order (−1 for inputs that require no gradient),
     * found once here so the passes over the graph need no further look-ups; {@code index} maps
     * each tensor to its position.
     */
    static Order topologicalOrder(Tensor[] outputs, Positions index) {
        Order order = new Order();
        Tensor[] stack = new Tensor[32];
        int[] childIdx = new int[32];
        for (Tensor root : outputs) {
            if (!root.requiresGrad || index.get(root) != -1) {
                continue;
            }
            index.put(root, Integer.MAX_VALUE); // on the stack
            int top = 0;
            stack[0] = root;
            childIdx[0] = 0;
            while (top >= 0) {
                Tensor t = stack[top];
                int c = childIdx[top];
                Tensor[] ins = t.node == null ? null : t.node.inputs;
                if (ins != null && c < ins.length) {
                    childIdx[top] = c + 1;
                    Tensor p = ins[c];
                    if (p.requiresGrad && index.get(p) == -1) {
                        index.put(p, Integer.MAX_VALUE);
                        if (++top == stack.length) {
                            stack = java.util.Arrays.copyOf(stack, top * 2);
                            childIdx = java.util.Arrays.copyOf(childIdx, top * 2);
                        }
                        stack[top] = p;
                        childIdx[top] = 0;
                    }
                } else {
                    stack[top--] = null;
                    index.put(t, order.size);
                    order.add(t, ins, index);   // every input is placed already (post-order of a DAG)
                }
            }
        }
        return order;
    }

    /** A topological order: the tensors, and for each its inputs' positions in one flat array. */
    static final class Order {
        Tensor[] tensors = new Tensor[64];
        int size;
        /** Inputs of tensors[k] sit at inputPositions[inputStart[k] .. inputStart[k + 1]). */
        int[] inputStart = new int[65];
        int[] inputPositions = new int[128];

        void add(Tensor t, Tensor[] ins, Positions index) {
            if (size == tensors.length) {
                tensors = java.util.Arrays.copyOf(tensors, 2 * size);
                inputStart = java.util.Arrays.copyOf(inputStart, 2 * size + 1);
            }
            int e = inputStart[size];
            int count = ins == null ? 0 : ins.length;
            if (e + count > inputPositions.length) {
                inputPositions = java.util.Arrays.copyOf(inputPositions, Math.max(2 * inputPositions.length, e + count));
            }
            for (int i = 0; i < count; i++) {
                inputPositions[e + i] = ins[i].requiresGrad ? index.get(ins[i]) : -1;
            }
            tensors[size] = t;
            inputStart[++size] = e + count;
        }
    }

    /**
     * Each tensor's position in one call's topological order (−1 if unvisited): kept in the
     * nodes themselves, marked with a token unique to the call, and in a small identity map
     * for leaves (which graphs may share).
     */
    static final class Positions {
        private static final int SCAN_LIMIT = 32;
        private final Object token = new Object();
        private Tensor[] leafKeys = new Tensor[8];
        private int[] leafSlots = new int[8];
        private int leafCount;
        private IdentityIndex leafIndex; // replaces the linear scan once there are many leaves

        int get(Tensor t) {
            Node n = t.node;
            if (n != null) {
                return n.visitToken == token ? n.visitSlot : -1;
            }
            return leafGet(t);
        }

        // the leaves' paths are methods of their own, so the node paths inline small into the walks
        private int leafGet(Tensor t) {
            if (leafIndex != null) {
                return leafIndex.get(t);
            }
            for (int i = 0; i < leafCount; i++) {
                if (leafKeys[i] == t) {
                    return leafSlots[i];
                }
            }
            return -1;
        }

        void put(Tensor t, int slot) {
            Node n = t.node;
            if (n != null) {
                n.visitToken = token;
                n.visitSlot = slot;
                return;
            }
            leafPut(t, slot);
        }

        private void leafPut(Tensor t, int slot) {
            if (leafIndex != null) {
                leafIndex.put(t, slot);
                return;
            }
            for (int i = 0; i < leafCount; i++) {
                if (leafKeys[i] == t) {
                    leafSlots[i] = slot;
                    return;
                }
            }
            if (leafCount == SCAN_LIMIT) {
                leafIndex = new IdentityIndex(2 * SCAN_LIMIT);
                for (int i = 0; i < leafCount; i++) {
                    leafIndex.put(leafKeys[i], leafSlots[i]);
                }
                leafIndex.put(t, slot);
                return;
            }
            if (leafCount == leafKeys.length) {
                leafKeys = java.util.Arrays.copyOf(leafKeys, leafCount * 2);
                leafSlots = java.util.Arrays.copyOf(leafSlots, leafCount * 2);
            }
            leafKeys[leafCount] = t;
            leafSlots[leafCount++] = slot;
        }
    }

    /**
     * Sums gradient contributions per graph position, recording the sums only when creating a
     * graph. With {@code buffers} (a walk that records nothing), a position's gradient is let go
     * once its node's backward rule has read it ({@link #consumed}), except at the positions of
     * results ({@link #keep}), so its array can be reused ({@link GradientBuffers}).
     */
    private static final class Accumulator {
        private final boolean createGraph;
        private final Tensor[] grads;
        private final boolean[] owned;
        private final boolean[] kept;
        private final GradientBuffers buffers;

        Accumulator(int n, boolean createGraph, GradientBuffers buffers) {
            this.createGraph = createGraph;
            this.grads = new Tensor[n];
            this.owned = new boolean[n];
            this.kept = new boolean[n];
            this.buffers = buffers;
        }

        Tensor get(int k) {
            return grads[k];
        }

        /** Position k's gradient is a result: never let go. */
        void keep(int k) {
            kept[k] = true;
        }

        /** Node k's backward rule has read its gradient, which nothing reads again unless it is a result. */
        void consumed(int k) {
            if (buffers != null && !kept[k] && grads[k] != null) {
                buffers.release(grads[k].data);
                grads[k] = null;
            }
        }

        void add(int k, Tensor t, Tensor g) {
            Tensor prev = grads[k];
            if (prev == null) {
                grads[k] = g;
                if (buffers != null) {
                    buffers.retain(g.data);
                }
            } else if (createGraph) {
                grads[k] = prev.add(g);
            } else if (owned[k]) {
                double[] p = prev.data;
                double[] q = g.data;
                for (int i = 0; i < p.length; i++) {
                    p[i] += q[i];
                }
            } else {
                double[] p = prev.data;
                double[] q = g.data;
                double[] s = GradientBuffers.take(p.length, false);
                for (int i = 0; i < p.length; i++) {
                    s[i] = p[i] + q[i];
                }
                grads[k] = Tensor.like(t, s);
                owned[k] = true;
                if (buffers != null) {
                    buffers.retain(s);
                    buffers.release(p);
                }
            }
        }
    }

    /** Constant copies of {@code ts} (each {@link Tensor#detach}ed): e.g. a gradient built with createGraph, as values. */
    public static Tensor[] detach(Tensor[] ts) {
        Tensor[] out = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            out[i] = ts[i].detach();
        }
        return out;
    }
}
