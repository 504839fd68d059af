package com.ingestpipeline.functions.common.logging;

import org.slf4j.MDC;

/**
 * Per-invocation log keys, held in the SLF4J MDC so every line logged while they are set carries them.
 *
 * <pre>{@code
 * LogContext.startInvocation(context.getAwsRequestId());
 * try (var k = LogContext.put(LogContext.OBJECT_KEY, key)) { ... LogContext.put(LogContext.ROW_ID, id); ... }
 * }</pre>
 */
public final class LogContext {
    public static final String REQUEST_ID = "function_request_id";
    public static final String BUCKET = "bucket";
    public static final String OBJECT_KEY = "object_key";
    public static final String ROW_ID = "row_id";
    public static final String EXECUTION_NAME = "execution_name";
    public static final String TASK = "task";

    private LogContext() {
    }

    /** Clears keys left over from a previous invocation on this thread and sets the request id. */
    public static void startInvocation(String requestId) {
        MDC.clear();
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
    }

    /** Sets {@code key} until the returned handle is closed. A null value removes the key. */
    public static Scope put(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, String.valueOf(value));
        }
        return () -> MDC.remove(key);
    }

    /** Removes its key when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public static void clear() {
        MDC.clear();
    }
}
