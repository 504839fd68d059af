package com.ingestpipeline.gate;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The controls a production stack must pass and may not waive (docs/security-gate.md, "Mandatory in prod"). The
 * stack settings reader refuses a prod stack file that turns one off or waives one, and the gate refuses such a
 * waiver too, so neither path can let one through.
 */
public final class ProdControls {
    /** Control id → what it protects. */
    public static final Map<String, String> MANDATORY = Map.copyOf(new TreeMap<>(Map.of(
        "RDS.5", "a standby in a second AZ (Multi-AZ)",
        "RDS.8", "deletion protection on the database",
        "S3.9", "S3 server access logs for every bucket")));

    private ProdControls() {
    }

    /** Why a waiver of {@code control} is refused in production; empty when the control may be waived. */
    public static Optional<String> waiverProblem(String control) {
        return MANDATORY.containsKey(control)
            ? Optional.of(control + " is mandatory in prod and cannot be waived")
            : Optional.empty();
    }
}
