package org.kfrelax.autodiff;

import java.util.Arrays;

/**
 * A dense row-major tensor of doubles of rank 0 (scalar), 1 (vector) or 2 (matrix; a batch is
 * a matrix with one example per row), that records the operations applied to it when any input
 * requires a gradient.
 *
 * <p>Operations return new tensors; inputs are never modified. A vector of length n broadcasts
 * like a 1×n row. Binary operations broadcast numpy-style over shapes (m,n), (1,n), (m,1), (n)
 * and scalars; any other mismatch throws {@link IllegalArgumentException} naming both shapes
 * and the operation.
 *
 * <p>Gradients come from {@link Autodiff#grad}; every operation's backward rule is written in
 * these same operations, so gradients can be differentiated again (PyTorch's
 * {@code create_graph=True}).
 *
 * <p>Parameters ({@link #param}) are leaves whose {@link #data()} optimizers update in place.
 * Do not update a parameter between a forward pass and the gradient call that uses it.
 */
public final class Tensor {
    final double[] data;
    final int rank;
    final int rows;
    final int cols;
    final Node node;
    final boolean requiresGrad;
    /** {@link #detach()}'s result, made on first use ({@link Autodiff#grad} detaches every input it visits). */
    private Tensor constant;

    Tensor(double[] data, int rank, int rows, int cols, Node node, boolean requiresGrad) {
        this.data = data;
        this.rank = rank;
        this.rows = rows;
        this.cols = cols;
        this.node = node;
        this.requiresGrad = requiresGrad;
    }

    // ------------------------------------------------------------------ factories

    /** A constant scalar. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, 0, 1, 1, null, false);
    }

    /** A constant vector (copies {@code values}). */
    public static Tensor vector(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("vector needs at least one value");
        }
        return new Tensor(values.clone(), 1, 1, values.length, null, false);
    }

    /** A constant rows×cols matrix from row-major {@code values} (copied). */
    public static Tensor matrix(int rows, int cols, double... values) {
        checkDims(rows, cols);
        if (values.length != rows * cols) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " needs " + (rows * cols)
                    + " values, got " + values.length);
        }
        return new Tensor(values.clone(), 2, rows, cols, null, false);
    }

    /** A constant matrix from rows (copied). */
    public static Tensor matrix(double[][] rowsData) {
        if (rowsData.length == 0 || rowsData[0].length == 0) {
            throw new IllegalArgumentException("matrix needs at least one row and one column");
        }
        int r = rowsData.length;
        int c = rowsData[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rowsData[i].length != c) {
                throw new IllegalArgumentException("matrix row " + i + " has " + rowsData[i].length
                        + " columns, expected " + c);
            }
            System.arraycopy(rowsData[i], 0, d, i * c, c);
        }
        return new Tensor(d, 2, r, c, null, false);
    }

    /** A constant of zeros with the shape of {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return new Tensor(new double[like.data.length], like.rank, like.rows, like.cols, null, false);
    }

    /** A constant rows×cols matrix of zeros. */
    public static Tensor zeros(int rows, int cols) {
        checkDims(rows, cols);
        return new Tensor(new double[rows * cols], 2, rows, cols, null, false);
    }

    /** A constant filled with {@code value} with the shape of {@code like}. */
    public static Tensor fullLike(Tensor like, double value) {
        double[] d = new double[like.data.length];
        Arrays.fill(d, value);
        return new Tensor(d, like.rank, like.rows, like.cols, null, false);
    }

    /** A parameter (a leaf that requires a gradient) wrapping a copy of {@code t}'s values. */
    public static Tensor param(Tensor t) {
        return new Tensor(t.data.clone(), t.rank, t.rows, t.cols, null, true);
    }

    /** A scalar parameter. */
    public static Tensor param(double value) {
        return new Tensor(new double[] {value}, 0, 1, 1, null, true);
    }

    /** A vector parameter. */
    public static Tensor paramVector(double... values) {
        return param(vector(values));
    }

    /** A matrix parameter. */
    public static Tensor paramMatrix(int rows, int cols, double... values) {
        return param(matrix(rows, cols, values));
    }

    /** A tensor of the given rank and dims wrapping {@code data} without copying. */
    static Tensor wrap(double[] data, int rank, int rows, int cols) {
        return new Tensor(data, rank, rows, cols, null, false);
    }

    static Tensor like(Tensor shape, double[] data) {
        return new Tensor(data, shape.rank, shape.rows, shape.cols, null, false);
    }

    private static void checkDims(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("matrix dimensions must be positive, got " + rows + "x" + cols);
        }
    }

    // ------------------------------------------------------------------ accessors

    /** 0, 1 or 2. */
    public int rank() {
        return rank;
    }

    /** Rows (1 for scalars and vectors). */
    public int rows() {
        return rows;
    }

    /** Columns (1 for scalars; the length for vectors). */
    public int cols() {
        return cols;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Whether this tensor is a parameter or was computed from one (so gradients can reach it). */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether this tensor was produced by a recorded operation (false for leaves and constants). */
    public boolean hasNode() {
        return node != null;
    }

    /** The backing row-major array, not a copy: optimizers update parameters through it. */
    public double[] data() {
        return data;
    }

    /** A copy of the values. */
    public double[] toArray() {
        return data.clone();
    }

    /** The value of a single-element tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalArgumentException("item() needs a single-element tensor, got shape " + shape());
        }
        return data[0];
    }

    /** Element (i, j) of a matrix (vectors: i = 0). */
    public double get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("index (" + i + ", " + j + ") outside shape " + shape());
        }
        return data[i * cols + j];
    }

    /** Element i of the flattened values. */
    public double get(int i) {
        return data[i];
    }

    /** The shape as text: {@code []}, {@code [n]} or {@code [m, n]}. */
    public String shape() {
        return switch (rank) {
            case 0 -> "[]";
            case 1 -> "[" + cols + "]";
            default -> "[" + rows + ", " + cols + "]";
        };
    }

    /** Whether {@code other} has the same rank and dimensions. */
    public boolean sameShape(Tensor other) {
        return rank == other.rank && rows == other.rows && cols == other.cols;
    }

    /** This tensor's values as a constant (the same object on every call): no gradient flows through the result. */
    public Tensor detach() {
        if (!requiresGrad) {
            return this;
        }
        Tensor c = constant;   // a racy cache: two threads may each make one, both equal (final fields)
        if (c == null) {
            c = new Tensor(data, rank, rows, cols, null, false);
            constant = c;
        }
        return c;
    }

    /** Same as {@link #detach()}: the result is treated as a constant by {@link Autodiff#grad}. */
    public Tensor stopGradient() {
        return detach();
    }

    /** Whether every value is finite. */
    public boolean isFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String vals = data.length <= 16 ? Arrays.toString(data) : Arrays.toString(Arrays.copyOf(data, 16)) + "...";
        return "Tensor" + shape() + (requiresGrad ? "(grad)" : "") + vals;
    }

    // ------------------------------------------------------------------ binary (broadcasting)

    public Tensor add(Tensor b) {
        return Elementwise.add(this, b);
    }

    public Tensor sub(Tensor b) {
        return Elementwise.sub(this, b);
    }

    public Tensor mul(Tensor b) {
        return Elementwise.mul(this, b);
    }

    public Tensor div(Tensor b) {
        return Elementwise.div(this, b);
    }

    public Tensor add(double c) {
        return Elementwise.addScalar(this, c);
    }

    public Tensor sub(double c) {
        return Elementwise.addScalar(this, -c);
    }

    public Tensor mul(double c) {
        return Elementwise.mulScalar(this, c);
    }

    public Tensor div(double c) {
        return Elementwise.mulScalar(this, 1.0 / c);
    }

    /** {@code c - this}. */
    public Tensor rsub(double c) {
        return Elementwise.addScalar(Elementwise.mulScalar(this, -1.0), c);
    }

    public Tensor neg() {
        return Elementwise.mulScalar(this, -1.0);
    }

    // ------------------------------------------------------------------ pointwise

    public Tensor exp() {
        return Pointwise.exp(this);
    }

    public Tensor log() {
        return Pointwise.log(this);
    }

    public Tensor log1p() {
        return Pointwise.log1p(this);
    }

    public Tensor sqrt() {
        return Pointwise.sqrt(this);
    }

    public Tensor square() {
        return Pointwise.square(this);
    }

    public Tensor pow(double exponent) {
        return Pointwise.pow(this, exponent);
    }

    public Tensor abs() {
        return Pointwise.abs(this);
    }

    public Tensor tanh() {
        return Pointwise.tanh(this);
    }

    public Tensor sigmoid() {
        return Pointwise.sigmoid(this);
    }

    public Tensor relu() {
        return Pointwise.relu(this);
    }

    /** ELU with alpha 1. */
    public Tensor elu() {
        return Pointwise.elu(this, 1.0);
    }

    public Tensor elu(double alpha) {
        return Pointwise.elu(this, alpha);
    }

    /** log(1 + e^x), computed stably. */
    public Tensor softplus() {
        return Pointwise.softplus(this);
    }

    /** log σ(x) = −softplus(−x), computed stably. */
    public Tensor logSigmoid() {
        return Pointwise.logSigmoid(this);
    }

    /** Clamps to [lo, hi]; the gradient passes where lo ≤ x ≤ hi. */
    public Tensor clamp(double lo, double hi) {
        return Pointwise.clamp(this, lo, hi);
    }

    /** H(x): 1 where x ≥ 0, else 0. A constant: no gradient flows (by design). */
    public Tensor heaviside() {
        return Pointwise.heaviside(this);
    }

    /** sign(x) in {−1, 0, 1}. A constant. */
    public Tensor sign() {
        return Pointwise.sign(this);
    }

    // ------------------------------------------------------------------ linear algebra

    /** Matrix product; a vector on the left acts as a 1×k row, on the right as a k×1 column. */
    public Tensor matmul(Tensor b) {
        return LinearAlgebra.matmul(this, b);
    }

    /** {@code this · bᵀ}. */
    public Tensor matmulTransB(Tensor b) {
        return LinearAlgebra.matmulTransB(this, b);
    }

    /** {@code thisᵀ · b}. */
    public Tensor matmulTransA(Tensor b) {
        return LinearAlgebra.matmulTransA(this, b);
    }

    public Tensor transpose() {
        return LinearAlgebra.transpose(this);
    }

    /** {@code x·W + b} in one operation (x: batch×in or in; W: in×out; b: out). */
    public static Tensor affine(Tensor x, Tensor w, Tensor b) {
        return LinearAlgebra.affine(x, w, b);
    }

    // ------------------------------------------------------------------ reductions and shape

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return Reductions.sumAll(this);
    }

    /** Sum along an axis (0: over rows, giving a vector of length cols; 1: over columns). */
    public Tensor sum(int axis) {
        return Reductions.sumAxis(this, axis, false);
    }

    /** Sum along an axis keeping it as a dimension of size 1 (result is a matrix). */
    public Tensor sumKeep(int axis) {
        return Reductions.sumAxis(this, axis, true);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return Reductions.sumAll(this).mul(1.0 / data.length);
    }

    /** Mean along an axis. */
    public Tensor mean(int axis) {
        int n = axisLength(axis);
        return Reductions.sumAxis(this, axis, false).mul(1.0 / n);
    }

    int axisLength(int axis) {
        if (axis == 0) {
            return rows;
        }
        if (axis == 1) {
            return cols;
        }
        throw new IllegalArgumentException("axis must be 0 or 1, got " + axis);
    }

    /** Same values with another shape: rank 0, 1 (cols = n) or 2. */
    public Tensor reshape(int rank, int rows, int cols) {
        return Reductions.reshape(this, rank, rows, cols);
    }

    /** This tensor as a rows×cols matrix (same number of elements). */
    public Tensor reshape(int rows, int cols) {
        return Reductions.reshape(this, 2, rows, cols);
    }

    /** The values as a vector. */
    public Tensor flatten() {
        return Reductions.reshape(this, 1, 1, data.length);
    }

    /** Repeats this tensor (a broadcastable shape) to rows×cols. */
    public Tensor broadcastTo(int rank, int rows, int cols) {
        return Reductions.broadcastTo(this, rank, rows, cols);
    }

    /** log Σ exp along each row (a vector for a matrix; a scalar for a vector), stably. */
    public Tensor logSumExp() {
        return Reductions.logSumExp(this);
    }

    /** Row-wise log-softmax, stably. */
    public Tensor logSoftmax() {
        return Reductions.logSoftmax(this);
    }

    /** Row-wise softmax, stably. */
    public Tensor softmax() {
        return Reductions.softmax(this);
    }

    // ------------------------------------------------------------------ indexing

    /** Columns [from, to). */
    public Tensor sliceCols(int from, int to) {
        return Indexing.sliceCols(this, from, to);
    }

    /** Rows [from, to) of a matrix (a matrix). */
    public Tensor sliceRows(int from, int to) {
        return Indexing.sliceRows(this, from, to);
    }

    /** Row i of a matrix, as a vector. */
    public Tensor row(int i) {
        return Indexing.sliceRows(this, i, i + 1).reshape(1, 1, cols);
    }

    /** Concatenation along columns (all with the same number of rows). */
    public static Tensor concatCols(Tensor... parts) {
        return Indexing.concatCols(parts);
    }

    /** The values of {@code parts}, one tensor after another, as one new array (e.g. a gradient flattened). */
    public static double[] values(Tensor... parts) {
        int n = 0;
        for (Tensor t : parts) {
            n += t.size();
        }
        double[] out = new double[n];
        int k = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data(), 0, out, k, t.size());
            k += t.size();
        }
        return out;
    }

    /** Concatenation along rows (all with the same number of columns; result is a matrix). */
    public static Tensor concatRows(Tensor... parts) {
        return Indexing.concatRows(parts);
    }

    /** {@code out[i] = this[i, index[i]]}: one column per row (a vector of length rows). */
    public Tensor gather(int[] index) {
        return Indexing.gather(this, index);
    }

    /** Picks {@code mask ? this : other} elementwise; {@code mask} is a constant 0/1 tensor. */
    public Tensor where(Tensor mask, Tensor other) {
        return Elementwise.where(mask, this, other);
    }
}
