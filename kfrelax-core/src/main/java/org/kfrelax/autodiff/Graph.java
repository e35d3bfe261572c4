package org.kfrelax.autodiff;

import java.util.List;

/**
 * Read access to the recorded graph of a tensor, for code that locates structure in it instead
 * of asking the layers to record themselves (K-FAC finds each dense layer's forward passes this
 * way, as kfac-jax finds its layer tags in a traced graph).
 */
public final class Graph {
    private Graph() {}

    /** Receives one recorded operation. */
    @FunctionalInterface
    public interface OpVisitor {
        /**
         * @param op     the operation's name, e.g. {@code "affine"} for {@link Tensor#affine}
         * @param output the tensor it produced
         * @param inputs the tensors it read, in argument order (unmodifiable)
         */
        void visit(String op, Tensor output, List<Tensor> inputs);
    }

    /**
     * Visits every recorded operation that {@code root} depends on, each once and after the
     * operations that produced its inputs: a depth-first walk taking each operation's inputs first
     * to last, so the order is fixed by the graph's structure (for a sum of two independent
     * branches, the left branch's operations come first). Like {@link Autodiff#grad}, it keeps
     * traversal marks in the graph: one thread at a time per graph.
     */
    public static void forEachOp(Tensor root, OpVisitor visitor) {
        forEachOp(new Tensor[] {root}, visitor);
    }

    /**
     * {@link #forEachOp(Tensor, OpVisitor)} for several roots: the walk from each root in turn,
     * each operation visited once (the same order as from one root that sums the roots left to
     * right).
     */
    public static void forEachOp(Tensor[] roots, OpVisitor visitor) {
        Autodiff.Order order = Autodiff.topologicalOrder(roots, new Autodiff.Positions());
        for (int k = 0; k < order.size; k++) {
            Tensor t = order.tensors[k];
            Node node = t.node;
            if (node != null) {
                visitor.visit(node.op, t, List.of(node.inputs));
            }
        }
    }
}
