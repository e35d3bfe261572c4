package org.kfrelax.cli;

import java.util.Locale;

/** What the x axis of a training curve counts ({@code --x-axis}): episodes, or environment steps so far. */
public enum XAxis {
    EPISODES("episodes", "episode"),
    STEPS("steps", "environment steps");

    private final String option;
    private final String label;

    XAxis(String option, String label) {
        this.option = option;
        this.label = label;
    }

    /** The axis label. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return option;
    }

    /** The axis named by an {@code --x-axis} value. */
    public static XAxis parse(String value) {
        for (XAxis a : values()) {
            if (a.option.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("--x-axis: '" + value + "' is not an axis, expected episodes or steps");
    }

    /** The x value of each episode of a run: its number (1-based) or the environment steps at its end. */
    double[] of(TrainRun.Outcome o) {
        if (this == STEPS) {
            return o.totalSteps().clone();
        }
        double[] x = new double[o.returns().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return x;
    }
}
