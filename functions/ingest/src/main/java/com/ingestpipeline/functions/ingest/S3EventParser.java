package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an S3 event notification (the JSON Lambda receives from an S3 bucket notification), or the EventBridge event
 * S3 sends instead when the bucket delivers to EventBridge ({@link EventBridgeS3Event}), into {@link ObjectEvent}s.
 *
 * <p>Parsed from a plain {@link JsonTree} rather than into aws-lambda-java-events' {@code S3Event}: that type needs
 * joda-time for {@code eventTime} (which we do not use) and, being a plain bean, cannot tell "not an S3 event"
 * from "an S3 event with nothing in it". Every way an input can be wrong is reported as a
 * {@link BadEventException} naming the problem.
 */
final class S3EventParser {
    S3EventParser() {
    }

    /** Thrown for input that is not a usable S3 notification; the message says why. */
    static final class BadEventException extends Exception {
        private static final long serialVersionUID = 1L;

        BadEventException(String message) {
            super(message);
        }
    }

    /** The S3 test event ({@code s3:TestEvent}) S3 sends when a notification is configured: nothing to do. */
    boolean isTestEvent(Object root) {
        return "s3:TestEvent".equals(JsonTree.text(JsonTree.path(root, "Event"), null));
    }

    /** The input as a {@link JsonTree}: maps, lists and scalars. */
    Object readTree(byte[] input) throws BadEventException {
        if (input.length == 0) {
            throw new BadEventException("empty input (expected an S3 event notification)");
        }
        try {
            return JsonTree.parse(input);
        } catch (JsonProcessingException e) {
            throw new BadEventException("input is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadEventException("input could not be read: " + e.getMessage());
        }
    }

    /**
     * The records of an S3 notification, or the one object of an S3 EventBridge event; per-record problems become
     * {@link ObjectEvent#keyError()} or are skipped with a reason.
     */
    List<ObjectEvent> records(Object root, List<String> skipped) throws BadEventException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new BadEventException("input is not a JSON object (expected an S3 event notification)");
        }
        if (EventBridgeS3Event.isEnvelope(top)) {
            return EventBridgeS3Event.read(top, skipped);
        }
        if (!(top.get("Records") instanceof List<?> records)) {
            throw new BadEventException("not an S3 event: no \"Records\" array"
                    + (top.containsKey("source") ? " (event source '" + JsonTree.text(top.get("source"), "null") + "')" : ""));
        }
        if (records.isEmpty()) {
            throw new BadEventException("S3 event with zero records");
        }
        List<ObjectEvent> out = new ArrayList<>();
        int index = 0;
        for (Object r : records) {
            String source = JsonTree.text(JsonTree.path(r, "eventSource"), "");
            if (!"aws:s3".equals(source)) {
                skipped.add("record " + index + ": not an S3 record (eventSource '" + source + "')");
            } else {
                Object s3 = JsonTree.path(r, "s3");
                String bucket = JsonTree.text(JsonTree.path(JsonTree.path(s3, "bucket"), "name"), "");
                Object object = JsonTree.path(s3, "object");
                String rawKey = JsonTree.text(JsonTree.path(object, "key"), "");
                String sequencer = JsonTree.text(JsonTree.path(object, "sequencer"), "");
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
                    String versionId = JsonTree.text(JsonTree.path(object, "versionId"), "");
                    out.add(new ObjectEvent(JsonTree.text(JsonTree.path(r, "eventName"), ""), bucket, rawKey, key,
                            JsonTree.asLong(JsonTree.path(object, "size"), 0), JsonTree.text(JsonTree.path(object, "eTag"), ""),
                            versionId.isEmpty() ? null : versionId, sequencer, keyError));
                }
            }
            index++;
        }
        if (out.isEmpty() && skipped.size() == records.size()
                && skipped.stream().allMatch(s -> s.contains("not an S3 record"))) {
            throw new BadEventException("not an S3 event: no record has eventSource 'aws:s3' (first has '"
                    + JsonTree.text(JsonTree.path(records.get(0), "eventSource"), "") + "')");
        }
        return out;
    }
}
