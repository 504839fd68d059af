package com.ingestpipeline.components.internal;

import java.util.List;

/** The one range check the components' validation shares: {@code <field> must be min..max (got v)}. */
public final class Ranges {
    private Ranges() {
    }

    /** {@code value}, or {@code fallback} when unset; records a problem when it is outside min..max. */
    public static int within(List<String> problems, String field, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            problems.add(field + " must be " + min + ".." + max + " (got " + v + ")");
        }
        return v;
    }

    /** Records a problem when a value that is always set is outside min..max. */
    public static void within(List<String> problems, String field, int value, int min, int max) {
        within(problems, field, value, value, min, max);
    }
}
