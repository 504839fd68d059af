package com.ingestpipeline.functions.worker;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Maps whatever a task threw onto the two errors the workflow distinguishes. Transient means a
 * retry can succeed (network, throttling, database restarts); permanent means it cannot (the object
 * is gone, the input is bad, the file does not fit on the volume), so the workflow records the
 * failure at once instead of burning retries.
 */
public final class FailureClassifier {
    private FailureClassifier() {
    }

    public static TaskFailure classify(Throwable t) {
        if (t instanceof TaskFailure f) {
            return f;
        }
        if (t instanceof InterruptedException) {
            return TaskFailure.transientFailure("task interrupted (worker stopping)", t);
        }
        if (isDiskFull(t)) {
            return TaskFailure.permanent("work directory full: the file and its outputs do not fit on the worker volume ("
                    + rootMessage(t) + ")", t);
        }
        if (t instanceof NoSuchKeyException || (t instanceof S3Exception s && s.statusCode() == 404)) {
            return TaskFailure.permanent("input object is gone (deleted after it was ingested): " + awsMessage(t), t);
        }
        if (t instanceof S3Exception s) {
            int code = s.statusCode();
            if (code == 412) {
                return TaskFailure.permanent("input object changed since it was ingested (ETag mismatch)", t);
            }
            if (code == 403) {
                return TaskFailure.permanent("access denied by S3 (check the worker role's grants): " + awsMessage(t), t);
            }
            return code >= 500 || code == 429 || code == 408
                    ? TaskFailure.transientFailure("S3 error " + code + ": " + awsMessage(t), t)
                    : TaskFailure.permanent("S3 error " + code + ": " + awsMessage(t), t);
        }
        if (t instanceof SdkClientException) {
            return TaskFailure.transientFailure("AWS call failed: " + t.getMessage(), t);
        }
        SQLException sql = find(t, SQLException.class);
        if (sql != null) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            // Integrity and syntax errors (22, 23, 42) repeat on every retry; everything else (connection loss 08,
            // resources 53, shutdown 57, serialization 40) can clear.
            boolean permanent = state.startsWith("22") || state.startsWith("23") || state.startsWith("42");
            String message = "database " + (permanent ? "rejected the result" : "unavailable") + " (SQLSTATE "
                    + (state.isEmpty() ? "none" : state) + "): " + sql.getMessage();
            return permanent ? TaskFailure.permanent(message, t) : TaskFailure.transientFailure(message, t);
        }
        if (t instanceof IOException) {
            return TaskFailure.transientFailure("I/O error: " + rootMessage(t), t);
        }
        // A bug retried is the same bug: fail fast and keep the stack trace in the log.
        return TaskFailure.permanent("unexpected error " + t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }

    static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c instanceof FileSystemException fs ? fs.getReason() : c.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private static String awsMessage(Throwable t) {
        return t instanceof S3Exception s && s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null
                ? s.awsErrorDetails().errorMessage() : String.valueOf(t.getMessage());
    }
}
