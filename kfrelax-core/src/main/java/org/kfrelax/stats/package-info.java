/**
 * Statistics for comparing training runs across seeds, as "Deep RL at the Edge of the
 * Statistical Precipice" (Agarwal et al., NeurIPS 2021) and its library rliable recommend:
 * {@link org.kfrelax.stats.InterquartileMean}, {@link org.kfrelax.stats.ProbabilityOfImprovement},
 * percentile confidence intervals by {@link org.kfrelax.stats.StratifiedBootstrap}, plus
 * {@link org.kfrelax.stats.MeanStd} and {@link org.kfrelax.stats.Percentile}. Plain functions
 * of {@code double} arrays; no dependency beyond the seeded {@link org.kfrelax.random.Pcg64}.
 */
package org.kfrelax.stats;
