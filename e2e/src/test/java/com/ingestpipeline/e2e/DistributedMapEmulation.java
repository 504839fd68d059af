package com.ingestpipeline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What aws-local-stepfunctions 3.0.0 lacks for a DISTRIBUTED Map, emulated so the rest of the definition runs as
 * planned: it has no ItemReader, ItemBatcher or ResultWriter (and ignores ToleratedFailurePercentage). The test lists
 * the local S3 server itself, shapes each object as the {@code s3:listObjectsV2} item reader does ({@code Key},
 * quoted {@code Etag}, {@code LastModified} in epoch seconds, {@code Size}, {@code StorageClass}; Step Functions
 * developer guide, "ItemReader (Map)") and cuts the listing into batches of the definition's own
 * {@code MaxItemsPerBatch}. The Map is rewritten to iterate over those batches (from the context object, so the
 * state input stays the execution's) with an ItemSelector that builds each child's input from the definition's own
 * {@code BatchInput}: {@code {"Items": [...], "BatchInput": {...}}}, as ItemBatcher does.
 */
final class DistributedMapEmulation {
    static final String BATCHES_PATH = "$$.EmulatedItemReader.Batches";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DistributedMapEmulation() {
    }

    /** The listing of {@code prefix}, one item per object, as the ItemReader hands it to the batcher. */
    static List<ObjectNode> listing(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(o -> JSON.createObjectNode().put("Etag", o.eTag()).put("Key", o.key())
                        .put("LastModified", o.lastModified().getEpochSecond()).put("Size", o.size())
                        .put("StorageClass", "STANDARD"))
                .toList();
    }

    /** The definition with {@code mapState}'s reader, batcher and writer replaced as described above. */
    static ObjectNode definition(JsonNode planned, String mapState) {
        ObjectNode def = planned.deepCopy();
        ObjectNode map = (ObjectNode) def.path("States").path(mapState);
        JsonNode batchInput = map.at("/ItemBatcher/BatchInput");
        map.remove(List.of("ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage"));
        map.put("ItemsPath", BATCHES_PATH);
        ObjectNode selector = map.putObject("ItemSelector");
        selector.put("Items.$", "$$.Map.Item.Value");
        selector.set("BatchInput", batchInput.deepCopy());
        return def;
    }

    /** The context object: the execution's name and the batches of the listing. */
    static ObjectNode context(JsonNode planned, String mapState, String executionName, List<ObjectNode> listing) {
        int perBatch = planned.path("States").path(mapState).at("/ItemBatcher/MaxItemsPerBatch").asInt();
        ObjectNode context = JSON.createObjectNode();
        context.putObject("Execution").put("Name", executionName);
        ArrayNode batches = context.putObject("EmulatedItemReader").putArray("Batches");
        for (int i = 0; i < listing.size(); i += perBatch) {
            ArrayNode batch = batches.addArray();
            listing.subList(i, Math.min(listing.size(), i + perBatch)).forEach(batch::add);
        }
        return context;
    }
}
