package com.ingestpipeline.functions.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The activity task input: the execution input written by the ingest function (docs/design.md,
 * "Workflow payloads"), plus an optional {@code job} naming a {@link com.ingestpipeline.functions.worker.job.BatchJob}
 * ({@code null} when absent: the worker's default job runs).
 */
public record TaskInput(long fileId, String bucket, String key, String versionId, String etag, String format,
                        String compression, String resultsPrefix, String job) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses and validates; a bad payload can never succeed, so every problem is one permanent failure. */
    public static TaskInput parse(String json) throws TaskFailure {
        JsonNode n;
        try {
            n = JSON.readTree(json == null ? "" : json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw TaskFailure.permanent("task input is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw TaskFailure.permanent("task input must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        long fileId = n.path("fileId").canConvertToLong() && n.path("fileId").isIntegralNumber()
                ? n.path("fileId").asLong() : -1;
        if (fileId <= 0) {
            problems.add("fileId must be a positive integer");
        }
        String bucket = text(n, "bucket", problems, true);
        String key = text(n, "key", problems, true);
        String format = text(n, "format", problems, true);
        String resultsPrefix = text(n, "resultsPrefix", problems, true);
        if (resultsPrefix != null && !resultsPrefix.isEmpty() && !resultsPrefix.endsWith("/")) {
            problems.add("resultsPrefix must end with '/' (got '" + resultsPrefix + "')");
        }
        String compression = text(n, "compression", problems, false);
        if (compression == null) {
            compression = "none";
        } else if (!compression.equals("none") && !compression.equals("gzip")) {
            problems.add("compression must be none or gzip (got '" + compression + "')");
        }
        String job = text(n, "job", problems, false);
        if (!problems.isEmpty()) {
            throw TaskFailure.permanent("invalid task input: " + String.join("; ", problems));
        }
        return new TaskInput(fileId, bucket, key, blankToNull(text(n, "versionId", problems, false)),
                blankToNull(text(n, "etag", problems, false)), format, compression, resultsPrefix,
                job);
    }

    /** S3 key of an output: {@code <resultsPrefix><fileId>/<file name>}, so a re-run overwrites it. */
    public String resultKey(String fileName) {
        return resultsPrefix + fileId + "/" + fileName;
    }

    private static String text(JsonNode n, String field, List<String> problems, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(field + " is missing");
            }
            return null;
        }
        if (!v.isTextual() || (required && v.asText().isBlank())) {
            problems.add(field + " must be a non-empty string");
            return null;
        }
        return v.asText();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
