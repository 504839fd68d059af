package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an S3 event notification (the JSON Lambda receives from an S3 bucket notification) into
 * {@link ObjectEvent}s.
 *
 * <p>Parsed from the JSON tree rather than into aws-lambda-java-events' {@code S3Event}: that type needs
 * joda-time for {@code eventTime} (which we do not use) and, being a plain bean, cannot tell "not an S3 event"
 * from "an S3 event with nothing in it". Every way an input can be wrong is reported as a
 * {@link BadEventException} naming the problem.
 */
final class S3EventParser {
    private final ObjectMapper json;

    S3EventParser(ObjectMapper json) {
        this.json = json;
    }

    /** Thrown for input that is not a usable S3 notification; the message says why. */
    static final class BadEventException extends Exception {
        private static final long serialVersionUID = 1L;

        BadEventException(String message) {
            super(message);
        }
    }

    /** The S3 test event ({@code s3:TestEvent}) S3 sends when a notification is configured: nothing to do. */
    boolean isTestEvent(JsonNode root) {
        return root.isObject() && "s3:TestEvent".equals(root.path("Event").asText(null));
    }

    JsonNode readTree(byte[] input) throws BadEventException {
        if (input.length == 0) {
            throw new BadEventException("empty input (expected an S3 event notification)");
        }
        try {
            return json.readTree(input);
        } catch (JsonProcessingException e) {
            throw new BadEventException("input is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadEventException("input could not be read: " + e.getMessage());
        }
    }

    /** The records of an S3 notification; per-record problems become {@link ObjectEvent#keyError()} or are skipped with a reason. */
    List<ObjectEvent> records(JsonNode root, List<String> skipped) throws BadEventException {
        if (root == null || !root.isObject()) {
            throw new BadEventException("input is not a JSON object (expected an S3 event notification)");
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new BadEventException("not an S3 event: no \"Records\" array"
                    + (root.has("source") ? " (event source '" + root.get("source").asText() + "')" : ""));
        }
        if (records.isEmpty()) {
            throw new BadEventException("S3 event with zero records");
        }
        List<ObjectEvent> out = new ArrayList<>();
        int index = 0;
        for (JsonNode r : records) {
            String source = r.path("eventSource").asText("");
            if (!"aws:s3".equals(source)) {
                skipped.add("record " + index + ": not an S3 record (eventSource '" + source + "')");
            } else {
                JsonNode s3 = r.path("s3");
                String bucket = s3.path("bucket").path("name").asText("");
                JsonNode object = s3.path("object");
                String rawKey = object.path("key").asText("");
                String sequencer = object.path("sequencer").asText("");
                if (bucket.isEmpty() || rawKey.isEmpty() || sequencer.isEmpty()) {
                    skipped.add("record " + index + ": missing s3.bucket.name, s3.object.key or s3.object.sequencer");
                } else {
                    String key = null;
                    String keyError = null;
                    try {
                        key = S3Keys.decode(rawKey);
                    } catch (IllegalArgumentException e) {
                        keyError = "object key is not valid S3 URL encoding: " + e.getMessage();
                    }
                    String versionId = object.path("versionId").asText("");
                    out.add(new ObjectEvent(r.path("eventName").asText(""), bucket, rawKey, key,
                            object.path("size").asLong(0), object.path("eTag").asText(""),
                            versionId.isEmpty() ? null : versionId, sequencer, keyError));
                }
            }
            index++;
        }
        if (out.isEmpty() && skipped.size() == records.size()
                && skipped.stream().allMatch(s -> s.contains("not an S3 record"))) {
            throw new BadEventException("not an S3 event: no record has eventSource 'aws:s3' (first has '"
                    + records.get(0).path("eventSource").asText("") + "')");
        }
        return out;
    }
}
