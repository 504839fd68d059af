package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.StateMachineMonitoring;
import com.ingestpipeline.components.internal.Ranges;

import java.util.ArrayList;
import java.util.List;

/**
 * The backfill's defaults in one place, and the validation of {@link BackfillFlowArgs}: every problem is collected
 * and reported in one exception naming each field.
 */
final class BackfillFlowDefaults {
    static final int MAX_CONCURRENCY = 10;
    /** Step Functions' ceiling on a Distributed Map's MaxConcurrency. */
    static final int MAX_CONCURRENCY_LIMIT = 10_000;
    static final int TOLERATED_FAILURE_PERCENTAGE = 5;
    /**
     * 100 objects take the function a few seconds (one ranged GET, one upsert, one StartExecution each), well inside
     * its timeout, and keep a batch's JSON (about 200 bytes an item) far below the 256 KiB payload limit.
     */
    static final int ITEMS_PER_BATCH = 100;
    static final int MAX_ITEMS_PER_BATCH = 1000;
    static final int EXECUTION_TIMEOUT_SECONDS = 86_400;
    /** Where the manifest goes, under the results prefix (which the ingest function never ingests). */
    static final String MANIFEST_FOLDER = "backfill";

    private BackfillFlowDefaults() {
    }

    record Settings(String inputPrefix, String manifestPrefix, int maxConcurrency, int toleratedFailurePercentage,
                    int itemsPerBatch, int executionTimeoutSeconds, StateMachineMonitoring.Observability observability) {
    }

    static Settings resolve(BackfillFlowArgs args) {
        if (args == null) {
            throw new IllegalArgumentException("BackfillFlowArgs: args are required (bucketName, inputPrefix, "
                + "resultsPrefix, ingestFunctionArn)");
        }
        List<String> problems = new ArrayList<>();
        required(args.bucketName().isPresent(), "bucketName", problems);
        required(args.ingestFunctionArn().isPresent(), "ingestFunctionArn", problems);
        required(args.inputPrefix().isPresent(), "inputPrefix", problems);
        String input = args.inputPrefix().orElse("");
        String results = args.resultsPrefix().orElse("");
        if (results.isEmpty()) {
            problems.add("resultsPrefix is required and must not be empty (the manifest goes under it)");
        } else if (!results.endsWith("/")) {
            problems.add("resultsPrefix must end with / (got '" + results + "')");
        } else if (results.startsWith(input) && !input.isEmpty() || input.startsWith(results)) {
            problems.add("resultsPrefix must not overlap inputPrefix, or the manifest would be ingested (inputPrefix '"
                + input + "', resultsPrefix '" + results + "')");
        }
        var s = new Settings(input, results + MANIFEST_FOLDER,
            args.maxConcurrency().orElse(MAX_CONCURRENCY),
            args.toleratedFailurePercentage().orElse(TOLERATED_FAILURE_PERCENTAGE),
            args.itemsPerBatch().orElse(ITEMS_PER_BATCH),
            args.executionTimeoutSeconds().orElse(EXECUTION_TIMEOUT_SECONDS),
            WorkflowObservabilityDefaults.resolve(args.observability(), args.logRetentionDays(), problems));
        Ranges.within(problems, "maxConcurrency", s.maxConcurrency(), 1, MAX_CONCURRENCY_LIMIT);
        Ranges.within(problems, "toleratedFailurePercentage", s.toleratedFailurePercentage(), 0, 100);
        Ranges.within(problems, "itemsPerBatch", s.itemsPerBatch(), 1, MAX_ITEMS_PER_BATCH);
        Ranges.within(problems, "executionTimeoutSeconds", s.executionTimeoutSeconds(), 60,
            OrchestrationFlowDefaults.MAX_SECONDS);
        if (args.tags().stream().anyMatch(t -> t.key().startsWith("aws:"))) {
            problems.add("tags must not use the reserved aws: prefix");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("BackfillFlowArgs: " + String.join("; ", problems));
        }
        return s;
    }

    private static void required(boolean present, String field, List<String> problems) {
        if (!present) {
            problems.add(field + " is required");
        }
    }

}
