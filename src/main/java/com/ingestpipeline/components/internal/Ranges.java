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
}
