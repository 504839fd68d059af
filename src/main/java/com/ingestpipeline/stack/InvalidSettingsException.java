package com.ingestpipeline.stack;

import java.util.List;

/** Stack settings that cannot be deployed; lists every problem, each naming its key and what is allowed. */
public final class InvalidSettingsException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidSettingsException(String source, List<String> problems) {
        super("Invalid stack settings in " + source + " (" + problems.size()
            + (problems.size() == 1 ? " problem" : " problems") + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, e.g. {@code ingest-pipeline:workerVolumeSizeGb: must be 1..16384 (got 0)}. */
    public List<String> problems() {
        return problems;
    }
}
