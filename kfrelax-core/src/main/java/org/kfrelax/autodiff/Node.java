package org.kfrelax.autodiff;

/**
 * The record of one operation in the graph: the tensors it read and the rule that maps the
 * gradient of its output to gradients of those inputs.
 */
final class Node {
    final String op;
    final Tensor[] inputs;
    final Backward backward;
    /** Traversal state of the {@link Autodiff#grad} call identified by {@code visitToken}. */
    Object visitToken;
    int visitSlot;

    Node(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    /**
     * The output tensor of an operation: recorded with a node when any input requires a
     * gradient, a plain constant otherwise.
     */
    static Tensor output(String op, double[] data, int rank, int rows, int cols, Backward backward,
                         Tensor... inputs) {
        for (Tensor t : inputs) {
            if (t.requiresGrad) {
                return new Tensor(data, rank, rows, cols, new Node(op, inputs, backward), true);
            }
        }
        return new Tensor(data, rank, rows, cols, null, false);
    }

    /** Same as {@link #output} with the shape of {@code like}. */
    static Tensor outputLike(String op, Tensor like, double[] data, Backward backward, Tensor... inputs) {
        return output(op, data, like.rank, like.rows, like.cols, backward, inputs);
    }

    /**
     * A backward rule, written with differentiable {@link Tensor} operations so that, when the
     * arguments are graph tensors, its result is itself differentiable.
     */
    @FunctionalInterface
    interface Backward {
        /**
         * @param g    gradient of the loss w.r.t. this node's output
         * @param in   the node's inputs (detached when no graph is being created)
         * @param out  the node's output (detached when no graph is being created)
         * @param need which inputs need a gradient; entries for the others may be null
         * @return one gradient per input, shaped like that input (null where not needed)
         */
        Tensor[] apply(Tensor g, Tensor[] in, Tensor out, boolean[] need);
    }
}
