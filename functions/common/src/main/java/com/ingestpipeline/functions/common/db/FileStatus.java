package com.ingestpipeline.functions.common.db;

/** Lifecycle of an {@code ingest_file} row; {@link #dbValue()} is the value stored in {@code status}. */
public enum FileStatus {
    /** Accepted by the ingest function; a workflow execution is (being) started. */
    RECEIVED,
    /** Refused by the ingest function; {@code status_reason} says why. Terminal. */
    REJECTED,
    /** A worker took the activity task. */
    PROCESSING,
    /** The worker recorded its results. Terminal. */
    PROCESSED,
    /** The workflow gave up (permanent error or retries exhausted); {@code status_reason} says why. Terminal. */
    FAILED;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static FileStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
