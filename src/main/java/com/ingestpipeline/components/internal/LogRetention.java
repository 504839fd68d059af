package com.ingestpipeline.components.internal;

import java.util.List;
import java.util.Optional;

/** The CloudWatch Logs retention rule every log group of the library and the stack follows. */
public final class LogRetention {
    /** The values CloudWatch Logs accepts (PutRetentionPolicy); any other number is refused at deploy time. */
    public static final List<Integer> DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
        1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private LogRetention() {
    }

    /** What is wrong with {@code days}, to be prefixed with the field or setting it came from. */
    public static Optional<String> problem(int days) {
        return DAYS.contains(days) ? Optional.empty() : Optional.of("must be one of " + DAYS + " (got " + days + ")");
    }
}
