package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One {@code Retry} entry. {@code maxDelaySeconds} and {@code jitterStrategy} are optional (null = omitted);
 * jitter {@code FULL} spreads retries of many executions that failed together, so they do not hit the
 * worker or the API in lockstep.
 */
public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                      Integer maxDelaySeconds, String jitterStrategy) {
    public Retrier {
        errorEquals = List.copyOf(errorEquals);
    }

    /** Exponential backoff without a cap or jitter. */
    public static Retrier backoff(List<String> errors, int intervalSeconds, int maxAttempts, double backoffRate) {
        return new Retrier(errors, intervalSeconds, maxAttempts, backoffRate, null, null);
    }

    /** The same retrier with a delay cap and full jitter. */
    public Retrier withJitter(int maxDelay) {
        return new Retrier(errorEquals, intervalSeconds, maxAttempts, backoffRate, maxDelay, "FULL");
    }

    /**
     * The longest this retrier can wait in total: every attempt's delay at its maximum (full jitter only shortens
     * delays; MaxDelaySeconds caps each one).
     */
    public long maxTotalWaitSeconds() {
        double total = 0;
        double delay = intervalSeconds;
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            total += maxDelaySeconds == null ? delay : Math.min(delay, maxDelaySeconds);
            delay *= backoffRate;
        }
        return (long) Math.ceil(total);
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        errorEquals.forEach(n.putArray("ErrorEquals")::add);
        n.put("IntervalSeconds", intervalSeconds);
        n.put("MaxAttempts", maxAttempts);
        n.put("BackoffRate", backoffRate);
        if (maxDelaySeconds != null) {
            n.put("MaxDelaySeconds", maxDelaySeconds);
        }
        if (jitterStrategy != null) {
            n.put("JitterStrategy", jitterStrategy);
        }
        return n;
    }
}
