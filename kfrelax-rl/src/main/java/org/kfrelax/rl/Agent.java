package org.kfrelax.rl;

import java.util.Map;
import org.kfrelax.autodiff.Tensor;
import org.kfrelax.gym.Env;
import org.kfrelax.random.Rng;
import org.kfrelax.state.Stateful;
import org.kfrelax.state.TrainingState;

/**
 * A reinforcement-learning agent with one training shape for every algorithm (as
 * Stable-Baselines3's {@code learn(totalSteps)}): {@link #learn} runs episodes in its
 * environment until the {@link Budget} is used up or the listener says stop, updating its
 * networks as the algorithm prescribes. Calling {@code learn} again continues training.
 *
 * <p>An agent is deterministic given its seed (its own generators, spawned from the seed, and
 * the environment reset with that seed on the first episode) and single-threaded; two agents
 * may train on two threads.
 *
 * <p>Resume: between two {@code learn} calls (or in the listener, after an episode) an agent's
 * training state ({@link #saveState}: optimizer moments and counters, K-FAC factors and
 * inverses, every generator including the environment's, episode counters, a partly filled
 * batch) together with its {@link #parameters()} is everything its future depends on. A fresh
 * agent built with the same config, environment id and seed, given those parameters and that
 * state, trains on exactly as the saved one would have.
 *
 * @param <A> the action type of the environment (Integer or float[])
 */
public interface Agent<A> extends Stateful {

    /** The resolved hyperparameters. */
    AgentConfig config();

    /** The environment the agent trains in. */
    Env<A> env();

    /**
     * Trains until the budget is used up or {@code listener} returns false.
     *
     * @throws org.kfrelax.optim.NonFiniteException on numerical divergence (a NaN/Inf policy
     *     output, gradient or step, or K-FAC updates skipped too often in a row); the parameters
     *     are then finite but not necessarily those after the last listener call
     */
    TrainingResult learn(Budget budget, EpisodeListener listener);

    /**
     * Samples an action from the current policy for {@code observation}, drawing from {@code rng}.
     *
     * @throws org.kfrelax.optim.NonFiniteException if the policy's output is not finite
     */
    A act(float[] observation, Rng rng);

    /**
     * The policy's action for {@code observation}, as Stable-Baselines3's
     * {@code predict(obs, deterministic)}: with {@code deterministic}, its most likely action
     * (the largest logit for discrete actions; the Gaussian's mean, clipped to the action
     * bounds, for continuous ones), the same every call; otherwise a sample drawn from the
     * agent's action stream (the one training draws its actions from, so acting between calls to
     * {@link #learn} changes later training; use {@link #act(float[], Rng)} to keep it apart).
     *
     * @throws IllegalArgumentException if the observation has the wrong length or is not finite
     * @throws org.kfrelax.optim.NonFiniteException if the policy's output is not finite
     */
    A act(float[] observation, boolean deterministic);

    /**
     * K-FAC updates skipped so far because of NaN/Inf or a failed decomposition, over all of the
     * agent's K-FAC optimizers (0 without K-FAC); each skip is also sent to the listener's
     * {@link EpisodeListener#onWarning}. Too many in a row end {@link #learn} with a
     * {@link org.kfrelax.optim.NonFiniteException} ({@code Kfac.Builder.maxConsecutiveSkips}).
     */
    long skippedUpdates();

    /**
     * All trainable tensors by name, in a fixed order (the policy first): what a checkpoint
     * saves and restores. The values are live: loading into them changes the agent.
     */
    Map<String, Tensor> parameters();

    /** Updates of the networks since the agent was created (a restored agent counts on from its saved state). */
    long updates();

    /** Writes the training state (not the parameters) under {@code prefix}; call between episodes. */
    @Override
    void saveState(TrainingState state, String prefix);

    /** Restores what {@link #saveState} wrote into an agent built with the same config, env id and seed. */
    @Override
    void loadState(TrainingState state, String prefix);
}
