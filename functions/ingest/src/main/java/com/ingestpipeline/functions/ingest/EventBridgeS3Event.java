package com.ingestpipeline.functions.ingest;

import java.util.List;
import java.util.Map;

/**
 * Reads an Amazon EventBridge event that S3 sent for a bucket with EventBridge delivery turned on
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html) into the same {@link ObjectEvent} an S3
 * notification record becomes, so both shapes take one path through {@link IngestService} (one prefix check, one
 * upsert on bucket/key/version, one deterministic execution name).
 *
 * <p>Field names differ from the notification's: {@code detail.bucket.name}, {@code detail.object.key},
 * {@code size}, {@code etag}, {@code version-id}, {@code sequencer}, and {@code detail.reason} (PutObject, POST Object,
 * CopyObject, CompleteMultipartUpload) instead of an {@code eventName}.
 *
 * <p>The key is used verbatim. The notification page ("Event message structure") says its {@code s3.object.key} is
 * URL-encoded ("red flower.jpg" becomes "red+flower.jpg"); the EventBridge page ("EventBridge event message
 * structure", "Event message detail field") describes {@code object} as "information about the Amazon S3 object
 * involved in the event" with no such note, and its examples carry plain keys. Decoding it as form encoding would
 * turn a literal {@code +} into a space and refuse a literal {@code %} (docs/ingest-pipeline.md, "Object keys").
 */
final class EventBridgeS3Event {
    static final String SOURCE = "aws.s3";
    static final String OBJECT_CREATED = "Object Created";

    private EventBridgeS3Event() {
    }

    /** True for any EventBridge envelope ({@code detail-type} and {@code detail}), whatever its source. */
    static boolean isEnvelope(Map<?, ?> top) {
        return top.containsKey("detail-type") && top.containsKey("detail") && !top.containsKey("Records");
    }

    /** The object of an S3 EventBridge event; a problem with the one object becomes a skip reason. */
    static List<ObjectEvent> read(Map<?, ?> top, List<String> skipped) throws S3EventParser.BadEventException {
        String source = JsonTree.text(top.get("source"), "");
        if (!SOURCE.equals(source)) {
            throw new S3EventParser.BadEventException("not an S3 event: EventBridge event from source '" + source
                    + "' (expected '" + SOURCE + "')");
        }
        if (!(top.get("detail") instanceof Map<?, ?> detail)) {
            throw new S3EventParser.BadEventException("S3 EventBridge event without a \"detail\" object");
        }
        String detailType = JsonTree.text(top.get("detail-type"), "");
        Object object = detail.get("object");
        String bucket = JsonTree.text(JsonTree.path(detail.get("bucket"), "name"), "");
        String key = JsonTree.text(JsonTree.path(object, "key"), "");
        String sequencer = JsonTree.text(JsonTree.path(object, "sequencer"), "");
        if (bucket.isEmpty() || key.isEmpty() || sequencer.isEmpty()) {
            skipped.add("event: missing detail.bucket.name, detail.object.key or detail.object.sequencer");
            return List.of();
        }
        // "ObjectCreated:<reason>" keeps ObjectEvent#isObjectCreated the one test of "is this a new object" for both
        // shapes; any other detail-type (Object Deleted, Object Restore Completed, ...) is named as it came.
        String eventName = OBJECT_CREATED.equals(detailType)
                ? "ObjectCreated:" + JsonTree.text(detail.get("reason"), "") : detailType;
        String versionId = JsonTree.text(JsonTree.path(object, "version-id"), "");
        return List.of(new ObjectEvent(eventName, bucket, key, key, JsonTree.asLong(JsonTree.path(object, "size"), 0),
                JsonTree.text(JsonTree.path(object, "etag"), ""), versionId.isEmpty() ? null : versionId, sequencer,
                null));
    }
}
