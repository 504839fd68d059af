package com.ingestpipeline.smoke;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAccountSettingsResponse;

import java.util.Optional;

/**
 * Before {@code pulumi up}: can this account grant the ingest function's reserved concurrency? Lambda keeps at least
 * 100 units (or the whole quota, when the quota is below that) unreserved for functions without a reservation
 * (PutFunctionConcurrency: "leave at least 100 simultaneous executions unreserved"), and a new account's concurrency
 * quota is often 10. Reserving more fails the deploy with "decreases account's UnreservedConcurrentExecution below
 * its minimum value". The quota is raised through Service Quotas, code L-B99A9384 ("Concurrent executions").
 */
public final class ConcurrencyPreflight {
    /** Lambda's floor of unreserved concurrency. */
    static final int UNRESERVED_FLOOR = 100;
    /** Service Quotas code of Lambda's "Concurrent executions" quota. */
    static final String QUOTA_CODE = "L-B99A9384";

    /** The verdict and the sentence that says it. */
    public record Result(boolean ok, String message) {
    }

    private ConcurrencyPreflight() {
    }

    /** Reads the account's quota and unreserved concurrency (lambda:GetAccountSettings) and judges the reservation. */
    public static Result check(LambdaClient lambda, Optional<Integer> reserved) {
        GetAccountSettingsResponse settings = lambda.getAccountSettings(b -> { });
        return judge(reserved, settings.accountLimit().concurrentExecutions(),
            settings.accountLimit().unreservedConcurrentExecutions());
    }

    /**
     * @param reserved   the stack's lambdaReservedConcurrency (empty: unreserved)
     * @param quota      the account's concurrent executions quota in this region
     * @param unreserved what is not reserved by other functions now
     */
    static Result judge(Optional<Integer> reserved, int quota, int unreserved) {
        int floor = Math.min(UNRESERVED_FLOOR, quota);
        int grantable = Math.max(0, unreserved - floor);
        if (reserved.isEmpty()) {
            return new Result(true, "the ingest function reserves no concurrency; the account's quota is " + quota
                + " (it shares the " + unreserved + " unreserved units)");
        }
        int wanted = reserved.get();
        if (wanted <= grantable) {
            return new Result(true, "lambdaReservedConcurrency " + wanted + " fits: quota " + quota + ", "
                + unreserved + " unreserved, at most " + grantable + " can be reserved");
        }
        int neededQuota = quota - unreserved + floor + wanted;
        return new Result(false, "lambdaReservedConcurrency " + wanted + " cannot be granted: the account's Lambda"
            + " concurrency quota is " + quota + " with " + unreserved + " unreserved, and Lambda keeps " + floor
            + " unreserved, so at most " + grantable + " can be reserved. Request a quota of at least "
            + Math.max(neededQuota, UNRESERVED_FLOOR + wanted) + " (Service Quotas, Lambda, " + QUOTA_CODE
            + " \"Concurrent executions\") or lower lambdaReservedConcurrency");
    }
}
