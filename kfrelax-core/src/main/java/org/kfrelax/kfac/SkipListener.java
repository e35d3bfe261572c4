package org.kfrelax.kfac;

/**
 * Told about every update {@link Kfac} skips (a NaN/Inf in a gradient, a Fisher loss, a fresh
 * factor estimate or a step, or a failed eigendecomposition), before the skip is counted as
 * numerical divergence or not (see {@code Kfac.Builder.maxConsecutiveSkips}). A command line
 * prints these in its own format; a library user may count or log them.
 */
@FunctionalInterface
public interface SkipListener {

    /**
     * @param reason what was skipped and why, one line (e.g. {@code K-FAC: gradient of parameter 0
     *     [4, 10] contains NaN or Inf; step skipped})
     * @param skippedSoFar updates this optimizer skipped so far, this one included
     */
    void skipped(String reason, long skippedSoFar);

    /**
     * The default: a {@code System.Logger} WARNING for the first ten skips and every 1000th (a
     * diverging optimizer must not flood the log).
     */
    static SkipListener logger() {
        System.Logger log = System.getLogger(Kfac.class.getName());
        return (reason, n) -> {
            if (n <= 10 || n % 1000 == 0) {
                log.log(System.Logger.Level.WARNING, reason + " (" + n + " skipped so far"
                        + (n == 10 ? "; further warnings only every 1000th)" : ")"));
            }
        };
    }
}
