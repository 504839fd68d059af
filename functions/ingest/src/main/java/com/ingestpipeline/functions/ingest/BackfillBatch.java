package com.ingestpipeline.functions.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One batch of a backfill: the input a Distributed Map child execution hands the ingest function.
 *
 * <p>With an {@code ItemBatcher}, Step Functions passes each child {@code {"Items": [...], "BatchInput": {...}}}
 * (Step Functions developer guide, "ItemBatcher (Map)"). The items come from the {@code s3:listObjectsV2} item
 * reader, one per object: {@code {"Key", "Size", "Etag", "LastModified", "StorageClass"}} with the ETag quoted as S3
 * lists it and LastModified in epoch seconds ("ItemReader (Map)"); {@code ETag} spelt as the S3 API does and an
 * RFC 3339 LastModified are accepted too. The batch input is fixed by the backfill state machine:
 * {@code {"bucket", "runId", "request": {"prefix", "mode", "since"?}}}.
 *
 * @param runId the backfill execution's name: reprocess execution names derive from it, so a retried batch of the
 *              same run maps to the same executions and a later run to new ones
 * @param since objects last modified before it are skipped; null = all
 */
record BackfillBatch(String bucket, String runId, Mode mode, String prefix, Instant since, List<Item> items) {
    /** The sequencer recorded for a backfilled object: below any real S3 sequencer, so a later S3 event wins. */
    static final String SEQUENCER = "0";

    enum Mode {
        /** Record and start objects that have no row yet; recorded objects are left alone. */
        INGEST,
        /** Start one new execution per object already recorded (objects with no row are ingested). */
        REPROCESS
    }

    /** One listed object; {@code problem} says why it cannot be used (null when it can). */
    record Item(int index, String key, long size, String etag, Instant lastModified, String problem) {
    }

    /** True when {@code root} has the shape of a Distributed Map batch (not an S3 notification). */
    static boolean isBatch(Object root) {
        return root instanceof Map<?, ?> top && top.containsKey("Items") && top.containsKey("BatchInput");
    }

    /** Reads a batch; a problem of the whole batch is a {@link S3EventParser.BadEventException} naming it. */
    static BackfillBatch parse(Object root) throws S3EventParser.BadEventException {
        Object batchInput = JsonTree.path(root, "BatchInput");
        Object request = JsonTree.path(batchInput, "request");
        List<String> problems = new ArrayList<>();
        String bucket = JsonTree.text(JsonTree.path(batchInput, "bucket"), "");
        String runId = JsonTree.text(JsonTree.path(batchInput, "runId"), "");
        String modeText = JsonTree.text(JsonTree.path(request, "mode"), "");
        String prefix = JsonTree.text(JsonTree.path(request, "prefix"), "");
        Object sinceNode = JsonTree.path(request, "since");
        if (bucket.isEmpty()) {
            problems.add("BatchInput.bucket is missing");
        }
        if (runId.isEmpty()) {
            problems.add("BatchInput.runId is missing");
        }
        Mode mode = switch (modeText) {
            case "ingest" -> Mode.INGEST;
            case "reprocess" -> Mode.REPROCESS;
            default -> {
                problems.add("BatchInput.request.mode must be 'ingest' or 'reprocess' (got '" + modeText + "')");
                yield null;
            }
        };
        Instant since = null;
        if (sinceNode != null) {
            since = instant(sinceNode);
            if (since == null) {
                problems.add("BatchInput.request.since must be an RFC 3339 timestamp (got '"
                        + JsonTree.text(sinceNode, "") + "')");
            }
        }
        List<?> rawItems = JsonTree.path(root, "Items") instanceof List<?> list ? list : null;
        if (rawItems == null) {
            problems.add("Items must be an array");
        }
        if (!problems.isEmpty()) {
            throw new S3EventParser.BadEventException("backfill batch: " + String.join("; ", problems));
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < rawItems.size(); i++) {
            items.add(item(i, rawItems.get(i)));
        }
        return new BackfillBatch(bucket, runId, mode, prefix, since, items);
    }

    private static Item item(int index, Object raw) {
        String key = JsonTree.text(JsonTree.path(raw, "Key"), "");
        Object etagNode = JsonTree.path(raw, "Etag") != null ? JsonTree.path(raw, "Etag") : JsonTree.path(raw, "ETag");
        String etag = JsonTree.text(etagNode, "").replace("\"", "");
        long size = JsonTree.asLong(JsonTree.path(raw, "Size"), -1);
        Object modified = JsonTree.path(raw, "LastModified");
        Instant lastModified = modified == null ? null : instant(modified);
        String problem = key.isEmpty() ? "item " + index + ": no Key"
                : size < 0 ? "item " + index + " (" + key + "): no Size"
                : modified != null && lastModified == null ? "item " + index + " (" + key + "): LastModified '"
                        + JsonTree.text(modified, "") + "' is not a timestamp"
                : null;
        return new Item(index, key, size, etag, lastModified, problem);
    }

    /** Epoch seconds (a number) or RFC 3339 text; null when it is neither. */
    private static Instant instant(Object node) {
        if (node instanceof Number n) {
            return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
        }
        String text = JsonTree.text(node, "").trim();
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The object as the ingest path sees an S3 event for it (no version id: the listing has none). */
    ObjectEvent event(Item item) {
        return new ObjectEvent("ObjectCreated:Backfill", bucket, item.key(), item.key(), item.size(), item.etag(),
                null, SEQUENCER, null);
    }
}
