package com.ingestpipeline.components.internal.asl;

import java.util.List;

/**
 * The backfill workflow (docs/backfill.md), built as data.
 *
 * <pre>
 * CheckRequest → ListAndIngest (DISTRIBUTED Map) → Done
 *   CheckRequest: prefix not a string under the input prefix, mode not ingest|reprocess, since not RFC 3339
 *                 → BadRequest (Fail, Backfill.BadRequest)
 *   ListAndIngest: lists the bucket under $.prefix (s3:listObjectsV2), hands batches of objects to the ingest
 *                  function ({"Items": [...], "BatchInput": {"bucket", "runId", "request"}}) in EXPRESS child
 *                  executions, at most maxConcurrency at once, fails when more than toleratedFailurePercentage of
 *                  the batches fail, and writes its manifest under the manifest prefix
 * </pre>
 *
 * <p>Execution input: {@code {"prefix": "<under the input prefix>", "mode": "ingest"|"reprocess", "since"?: RFC 3339}}.
 * The prefix is checked here and the role may list nothing else ({@code s3:prefix} condition), so a request for
 * another prefix fails before any listing.
 */
public final class BackfillWorkflow {
    public static final String CHECK_REQUEST = "CheckRequest";
    public static final String BAD_REQUEST = "BadRequest";
    public static final String LIST_AND_INGEST = "ListAndIngest";
    public static final String DONE = "Done";
    /** The Map Run label; child executions are named {@code <state machine>/<label>:<id>}. */
    public static final String MAP_LABEL = "Backfill";
    /** The one Task of a child execution. */
    public static final String INGEST_BATCH = "IngestBatch";
    public static final String BAD_REQUEST_ERROR = "Backfill.BadRequest";

    private BackfillWorkflow() {
    }

    /**
     * What the definition is built from. Numbers are already validated by the component.
     *
     * @param manifestPrefix where the ResultWriter writes (a prefix the ingest function never ingests)
     */
    public record Settings(String bucket, String inputPrefix, String manifestPrefix, String ingestFunctionArn,
                           int maxConcurrency, int toleratedFailurePercentage, int itemsPerBatch,
                           int executionTimeoutSeconds) {
    }

    public static StateMachineDefinition definition(Settings s) {
        String prefixPattern = ChoiceRule.literalPattern(s.inputPrefix()) + "*";
        return StateMachineDefinition.builder(CHECK_REQUEST)
            .comment("Backfill: list a prefix of the bucket and run every object through the ingest function")
            .timeoutSeconds(s.executionTimeoutSeconds())
            .state(CHECK_REQUEST, new State.Choice(
                "Every condition written positively and in order (presence, type, value): a missing or mistyped "
                    + "field is a BadRequest, never a runtime error",
                List.of(new ChoiceRule(ChoiceRule.and(
                    ChoiceRule.isPresent("$.prefix"), ChoiceRule.isString("$.prefix"),
                    ChoiceRule.stringMatches("$.prefix", prefixPattern),
                    ChoiceRule.isPresent("$.mode"), ChoiceRule.isString("$.mode"),
                    ChoiceRule.or(ChoiceRule.stringEquals("$.mode", "ingest"),
                        ChoiceRule.stringEquals("$.mode", "reprocess")),
                    ChoiceRule.or(ChoiceRule.not(ChoiceRule.isPresent("$.since")),
                        ChoiceRule.isTimestamp("$.since"))), LIST_AND_INGEST)),
                BAD_REQUEST))
            .state(BAD_REQUEST, new State.Fail(null, BAD_REQUEST_ERROR, "input must be {\"prefix\": \""
                + s.inputPrefix() + "...\", \"mode\": \"ingest\" | \"reprocess\", \"since\": optional RFC 3339 "
                + "timestamp}", null, null))
            .state(LIST_AND_INGEST, listAndIngest(s))
            .state(DONE, new State.Succeed(null))
            .build();
    }

    private static DistributedMap listAndIngest(Settings s) {
        StateMachineDefinition processor = StateMachineDefinition.builder(INGEST_BATCH)
            .state(INGEST_BATCH, State.task(IngestWorkflow.LAMBDA_INVOKE)
                .comment("The ingest function's backfill input shape: the same code path as an S3 event")
                .parameters(Payload.of().value("FunctionName", s.ingestFunctionArn()).path("Payload", "$"))
                // The function's summary (records, started, rejected, duplicates, ignored, notes) is what the
                // manifest keeps per batch; the invoke metadata around it is noise.
                .outputPath("$.Payload")
                .retry(Retrier.backoff(IngestWorkflow.LAMBDA_TRANSIENT, 2, 6, 2.0).withJitter(60))
                // A function error is a transient fault (database, S3, Step Functions unavailable): every object
                // step is idempotent, so the whole batch is worth retrying before it counts as failed.
                .retry(Retrier.backoff(List.of("States.ALL"), 5, 3, 2.0).withJitter(120))
                .end())
            .build();
        return DistributedMap.builder(MAP_LABEL)
            .comment("Objects come from the S3 listing itself; a child execution handles one batch")
            .listing(Payload.of().value("Bucket", s.bucket()).path("Prefix", "$.prefix"))
            .batches(s.itemsPerBatch(), Payload.of()
                .value("bucket", s.bucket())
                // The backfill execution's name: reprocess execution names derive from it, so a retried batch
                // starts nothing twice and the next backfill starts processing again.
                .path("runId", "$$.Execution.Name")
                .path("request", "$"))
            // EXPRESS children: one Lambda call each, well inside five minutes, billed per request and duration
            // rather than per state transition (Step Functions pricing).
            .processor("EXPRESS", processor)
            .maxConcurrency(s.maxConcurrency())
            .toleratedFailurePercentage(s.toleratedFailurePercentage())
            .resultWriter(Payload.of().value("Bucket", s.bucket()).value("Prefix", s.manifestPrefix()))
            .next(DONE);
    }
}
