package org.kfrelax.state;

/**
 * An object whose training state (beyond parameters) can be written to a {@link TrainingState}
 * and read back, so that a run restored from it continues exactly as the saved one would have.
 * The object must already exist with the same configuration (shapes, hyperparameters): only
 * what changes during training is saved.
 */
public interface Stateful {

    /** Writes this object's state under names starting with {@code prefix}. */
    void saveState(TrainingState state, String prefix);

    /**
     * Reads back what {@link #saveState} wrote under {@code prefix}.
     *
     * @throws IllegalArgumentException if an entry is missing or has the wrong kind or length
     */
    void loadState(TrainingState state, String prefix);
}
