package org.kfrelax.rl;

import java.util.List;
import org.kfrelax.kfac.Damping;
import org.kfrelax.kfac.Kfac;
import org.kfrelax.kfac.SkipListener;
import org.kfrelax.nn.Linear;

/** K-FAC optimizers built from an {@link AgentConfig}'s kfac* fields. */
final class KfacFactory {
    private KfacFactory() {}

    /**
     * K-FAC over {@code layers} with learning rate {@code lr}, damping (form and strength),
     * factor decay and kl-clip from the config; momentum 0.9 (ACKTR's, Wu et al. 2017) and K-FAC's
     * default inverse-update period; skipped updates go to {@code skips} (the agent's count and warnings).
     */
    static Kfac build(List<Linear> layers, double lr, AgentConfig c, SkipListener skips) {
        return Kfac.builder(layers).learningRate(lr).damping(damping(c)).decay(c.kfacDecay())
                .klClip(c.kfacKlClip()).onSkip(skips).build();
    }

    /** The config's {@code kfacDampingForm} (validated by {@link AgentConfig.Builder#build()}) with strength {@code kfacDamping}. */
    static Damping damping(AgentConfig c) {
        return "factored".equals(c.kfacDampingForm()) ? Damping.factored(c.kfacDamping()) : Damping.tikhonov(c.kfacDamping());
    }
}
