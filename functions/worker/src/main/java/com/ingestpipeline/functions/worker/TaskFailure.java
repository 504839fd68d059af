package com.ingestpipeline.functions.worker;

/**
 * A task failed in a way the workflow must hear about. The kind decides what the state machine
 * does: {@code Worker.Transient} is retried with backoff, {@code Worker.Permanent} goes straight to
 * RecordFailure. Jobs throw this for bad input; the worker maps everything else with
 * {@link FailureClassifier}.
 */
public final class TaskFailure extends Exception {

    /** The error names the state machine matches on (docs/design.md, "Worker errors"). */
    public enum Kind {
        TRANSIENT("Worker.Transient"),
        PERMANENT("Worker.Permanent");

        private final String errorName;

        Kind(String errorName) {
            this.errorName = errorName;
        }

        public String errorName() {
            return errorName;
        }
    }

    private final Kind kind;

    public TaskFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static TaskFailure permanent(String message) {
        return new TaskFailure(Kind.PERMANENT, message, null);
    }

    public static TaskFailure permanent(String message, Throwable cause) {
        return new TaskFailure(Kind.PERMANENT, message, cause);
    }

    public static TaskFailure transientFailure(String message, Throwable cause) {
        return new TaskFailure(Kind.TRANSIENT, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
