package org.kfrelax.linalg;

/**
 * The one product kernel behind {@link Dense}: for i &lt; m and j &lt; n (with {@code upper}, only
 * j ≥ i is required; some j &lt; i may be written too),
 * <pre>
 *   c[i·ldc + j] ← fma(α·A(i,k−1), B(k−1,j), … fma(α·A(i,1), B(1,j), fma(α·A(i,0), B(0,j), c[i·ldc + j])))
 * </pre>
 * with A(i,p) = a[i·ars + p·aps] and B(p,j) = b[p·bps + j·bcs]: every element is its own chain of
 * fused multiply-adds over p in increasing order. Because that order does not depend on how
 * many elements are computed side by side, every implementation gives the same bits, whatever
 * its vector length or blocking. The strides express A·B (ars = k, aps = 1, bps = n, bcs = 1), Aᵀ·B
 * (ars = 1, aps = m) and A·Bᵀ (bps = 1, bcs = k) alike.
 */
interface Gemm {
    void gemm(double[] a, int ars, int aps, double[] b, int bps, int bcs, double[] c, int ldc,
              int m, int k, int n, double alpha, boolean upper);
}
