package org.kfrelax.autodiff;

/** Slicing, padding, concatenation, gather and scatter. */
final class Indexing {
    private Indexing() {}

    static Tensor sliceCols(Tensor a, int from, int to) {
        if (from < 0 || to > a.cols || from >= to) {
            throw new IllegalArgumentException("sliceCols: range [" + from + ", " + to + ") invalid for shape " + a.shape());
        }
        int m = a.rows;
        int n = a.cols;
        int w = to - from;
        double[] o = new double[m * w];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a.data, i * n + from, o, i * w, w);
        }
        int rank = a.rank == 2 ? 2 : 1;
        return Node.output("sliceCols", o, rank, m, w,
                (g, in, out, need) -> new Tensor[] {padCols(g, from, in[0])}, a);
    }

    /** g placed at columns [from, from + g.cols) of a zero tensor shaped like {@code like}. */
    static Tensor padCols(Tensor g, int from, Tensor like) {
        int m = like.rows;
        int n = like.cols;
        int w = g.cols;
        double[] o = new double[m * n];
        for (int i = 0; i < m; i++) {
            System.arraycopy(g.data, i * w, o, i * n + from, w);
        }
        return Node.output("padCols", o, like.rank, m, n,
                (gg, in, out, need) -> new Tensor[] {reshapeLike(sliceCols(gg, from, from + w), in[0])}, g);
    }

    static Tensor sliceRows(Tensor a, int from, int to) {
        if (from < 0 || to > a.rows || from >= to) {
            throw new IllegalArgumentException("sliceRows: range [" + from + ", " + to + ") invalid for shape " + a.shape());
        }
        int n = a.cols;
        double[] o = new double[(to - from) * n];
        System.arraycopy(a.data, from * n, o, 0, o.length);
        return Node.output("sliceRows", o, 2, to - from, n,
                (g, in, out, need) -> new Tensor[] {padRows(g, from, in[0])}, a);
    }

    static Tensor padRows(Tensor g, int from, Tensor like) {
        double[] o = new double[like.data.length];
        System.arraycopy(g.data, 0, o, from * like.cols, g.data.length);
        int h = g.rows;
        return Node.output("padRows", o, like.rank, like.rows, like.cols,
                (gg, in, out, need) -> new Tensor[] {reshapeLike(sliceRows(gg, from, from + h), in[0])}, g);
    }

    static Tensor reshapeLike(Tensor t, Tensor like) {
        return t.sameShape(like) ? t : Reductions.reshape(t, like.rank, like.rows, like.cols);
    }

    static Tensor concatCols(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concatCols needs at least one tensor");
        }
        int m = parts[0].rows;
        int total = 0;
        boolean allVectors = true;
        for (Tensor p : parts) {
            if (p.rows != m) {
                throw new IllegalArgumentException("concatCols: shapes " + parts[0].shape() + " and " + p.shape()
                        + " have different numbers of rows");
            }
            total += p.cols;
            allVectors &= p.rank <= 1;
        }
        double[] o = new double[m * total];
        int[] offsets = new int[parts.length];
        int off = 0;
        for (int k = 0; k < parts.length; k++) {
            Tensor p = parts[k];
            offsets[k] = off;
            for (int i = 0; i < m; i++) {
                System.arraycopy(p.data, i * p.cols, o, i * total + off, p.cols);
            }
            off += p.cols;
        }
        return Node.output("concatCols", o, allVectors ? 1 : 2, m, total, (g, in, out, need) -> {
            Tensor[] gs = new Tensor[in.length];
            for (int k = 0; k < in.length; k++) {
                if (need[k]) {
                    gs[k] = reshapeLike(sliceCols(g, offsets[k], offsets[k] + in[k].cols), in[k]);
                }
            }
            return gs;
        }, parts);
    }

    static Tensor concatRows(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concatRows needs at least one tensor");
        }
        int n = parts[0].cols;
        int total = 0;
        for (Tensor p : parts) {
            if (p.cols != n) {
                throw new IllegalArgumentException("concatRows: shapes " + parts[0].shape() + " and " + p.shape()
                        + " have different numbers of columns");
            }
            total += p.rows;
        }
        double[] o = new double[total * n];
        int[] offsets = new int[parts.length];
        int off = 0;
        for (int k = 0; k < parts.length; k++) {
            offsets[k] = off;
            System.arraycopy(parts[k].data, 0, o, off * n, parts[k].data.length);
            off += parts[k].rows;
        }
        return Node.output("concatRows", o, 2, total, n, (g, in, out, need) -> {
            Tensor[] gs = new Tensor[in.length];
            for (int k = 0; k < in.length; k++) {
                if (need[k]) {
                    gs[k] = reshapeLike(sliceRows(g, offsets[k], offsets[k] + in[k].rows), in[k]);
                }
            }
            return gs;
        }, parts);
    }

    static Tensor gather(Tensor a, int[] index) {
        int m = a.rows;
        int n = a.cols;
        if (index.length != m) {
            throw new IllegalArgumentException("gather: " + index.length + " indices for shape " + a.shape()
                    + " (need one per row)");
        }
        double[] o = new double[m];
        for (int i = 0; i < m; i++) {
            int j = index[i];
            if (j < 0 || j >= n) {
                throw new IllegalArgumentException("gather: index " + j + " at row " + i + " outside [0, " + n + ")");
            }
            o[i] = a.data[i * n + j];
        }
        int[] idx = index.clone();
        return Node.output("gather", o, a.rank == 2 ? 1 : 0, 1, m,
                (g, in, out, need) -> new Tensor[] {scatter(g, idx, in[0])}, a);
    }

    /** Zeros shaped like {@code like} with g[i] at (i, index[i]); the backward of gather. */
    static Tensor scatter(Tensor g, int[] index, Tensor like) {
        int n = like.cols;
        double[] o = GradientBuffers.take(like.data.length, true);
        for (int i = 0; i < index.length; i++) {
            o[i * n + index[i]] = g.data[i];
        }
        return Node.output("scatter", o, like.rank, like.rows, like.cols,
                (gg, in, out, need) -> new Tensor[] {reshapeLike(gather(gg, index), in[0])}, g);
    }
}
