package com.ingestpipeline.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.db.JobResult;
import com.ingestpipeline.functions.common.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status function ({@code com.ingestpipeline.functions.ingest.StatusHandler::handleRequest}), invoked by the
 * workflow's {@code RecordFailure} state and by the deploy smoke check. Requests (docs/design.md):
 * <pre>
 * {"action": "recordFailure", "fileId": 42, "error": "Worker.Permanent", "cause": "..."}
 * {"action": "getStatus", "fileId": 42}
 * {"action": "getStatus", "bucket": "b", "key": "incoming/a.csv"}
 * </pre>
 * Both answer {@code {"fileId", "status", "reason", "results": [...]}}, or {@code {"status": "unknown"}} when no row
 * matches. It also takes the EventBridge event of an execution that timed out, was aborted or failed (OrchestrationFlow's
 * rule), marks that execution's row failed if it is still received or processing, and answers
 * {@code {"executionName", "marked"}}. A malformed request throws {@link IllegalArgumentException} naming the problem (the caller sees it as
 * the function error).
 */
public final class StatusHandler implements RequestStreamHandler, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(StatusHandler.class);
    /** Step Functions causes can be long stack traces; the row keeps the start, which names the problem. */
    static final int MAX_REASON_CHARS = 2000;
    /** The EventBridge detail-type of a Step Functions execution's status change. */
    static final String EXECUTION_STATUS_CHANGE = "Step Functions Execution Status Change";

    private final Database database;
    private final FileRepository files;
    private final ObjectMapper json = new ObjectMapper();

    public StatusHandler() {
        this(Database.fromEnvironment());
        Core.getGlobalContext().register(this);
    }

    StatusHandler(Database database) {
        this.database = database;
        this.files = new FileRepository(database);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LogContext.startInvocation(context == null ? null : context.getAwsRequestId());
        try {
            JsonNode request = parse(input.readAllBytes());
            output.write(json.writeValueAsBytes(handle(request)));
        } catch (SQLException e) {
            throw new IllegalStateException("database unavailable: " + e.getMessage(), e);
        } finally {
            LogContext.clear();
        }
    }

    private JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("status request must be a JSON object with an \"action\"");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("status request is not valid JSON");
        }
    }

    ObjectNode handle(JsonNode request) throws SQLException {
        if (EXECUTION_STATUS_CHANGE.equals(request.path("detail-type").asText())) {
            return executionStopped(request.path("detail"));
        }
        String action = request.path("action").asText("");
        switch (action) {
            case "recordFailure" -> {
                long id = fileId(request);
                String error = request.path("error").asText("");
                if (error.isBlank()) {
                    throw new IllegalArgumentException("recordFailure needs \"error\" (e.g. \"Worker.Permanent\")");
                }
                String cause = request.path("cause").asText("");
                String reason = cause.isBlank() ? error : error + ": " + cause;
                if (reason.length() > MAX_REASON_CHARS) {
                    reason = reason.substring(0, MAX_REASON_CHARS - 1) + "…";
                }
                LogContext.put(LogContext.ROW_ID, id);
                boolean recorded = files.markFailed(id, reason);
                if (recorded) {
                    LOG.warn("recorded failure: {}", reason);
                } else {
                    LOG.warn("did not record failure ({}): no row in a state that may fail", reason);
                }
                return status(files.findById(id));
            }
            case "getStatus" -> {
                if (request.hasNonNull("fileId")) {
                    return status(files.findById(fileId(request)));
                }
                String bucket = request.path("bucket").asText("");
                String key = request.path("key").asText("");
                if (bucket.isBlank() || key.isEmpty()) {
                    throw new IllegalArgumentException("getStatus needs \"fileId\", or \"bucket\" and \"key\"");
                }
                return status(files.findLatest(bucket, key));
            }
            default -> throw new IllegalArgumentException("unknown action '" + action
                    + "' (expected \"recordFailure\" or \"getStatus\")");
        }
    }

    /**
     * An EventBridge "Step Functions Execution Status Change" for an execution that timed out, was aborted or
     * failed: its row, found by execution name, is marked failed unless it already recorded an outcome.
     */
    private ObjectNode executionStopped(JsonNode detail) throws SQLException {
        String name = text(detail.path("name"));
        String status = text(detail.path("status"));
        if (name.isBlank() || status.isBlank()) {
            throw new IllegalArgumentException("execution status change needs detail.name and detail.status");
        }
        String error = text(detail.path("error"));
        String cause = text(detail.path("cause"));
        String reason = "execution " + status + (error.isBlank() ? "" : ": " + error)
                + (cause.isBlank() ? "" : ": " + cause);
        if (status.equals("TIMED_OUT")) {
            reason += " (executionTimeoutSeconds reached before the workflow recorded an outcome)";
        }
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS - 1) + "…";
        }
        LogContext.put(LogContext.EXECUTION_NAME, name);
        boolean recorded = files.markExecutionFailed(name, reason);
        LOG.warn(recorded ? "execution stopped, file marked failed: {}"
                : "execution stopped, no row of it still in progress: {}", reason);
        ObjectNode out = json.createObjectNode();
        out.put("executionName", name);
        out.put("marked", recorded);
        return out;
    }

    /** A string field's text; "" for a missing or JSON null field (EventBridge sends "cause": null). */
    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : "";
    }

    private static long fileId(JsonNode request) {
        JsonNode id = request.get("fileId");
        long value = -1;
        if (id != null && id.isNumber() && id.asDouble() == Math.rint(id.asDouble()) && id.canConvertToLong()) {
            value = id.asLong();
        } else if (id != null && id.isTextual() && id.asText().matches("\\d{1,18}")) {
            value = Long.parseLong(id.asText());
        }
        if (value <= 0) {
            throw new IllegalArgumentException("\"fileId\" must be a positive whole number (got " + id + ")");
        }
        return value;
    }

    private ObjectNode status(Optional<FileRecord> row) throws SQLException {
        ObjectNode out = json.createObjectNode();
        if (row.isEmpty()) {
            out.put("status", "unknown");
            return out;
        }
        FileRecord f = row.get();
        out.put("fileId", f.id());
        out.put("status", f.status().dbValue());
        out.put("reason", f.statusReason());
        ArrayNode results = out.putArray("results");
        for (JobResult r : files.results(f.id())) {
            ObjectNode item = results.addObject();
            item.put("job", r.job());
            item.put("rowCount", r.rowCount());
            item.put("malformedCount", r.malformedCount());
            item.set("outputs", json.valueToTree(r.outputs()));
            item.set("summary", r.summary());
        }
        return out;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        database.closeConnection();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // The next invocation reconnects.
    }
}
