package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A Map state in DISTRIBUTED mode that reads its items from an S3 listing, batches them, runs each batch as a child
 * workflow execution and writes a result manifest (Step Functions developer guide, "Using Map state in Distributed
 * mode"; fields in "ItemReader (Map)", "ItemBatcher (Map)", "ResultWriter (Map)"):
 * <pre>
 * "ItemReader":  {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket", "Prefix"}}
 * "ItemBatcher": {"MaxItemsPerBatch": n, "BatchInput": {...}}   → child input {"Items": [...], "BatchInput": {...}}
 * "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"|"STANDARD"}, StartAt, States}
 * "MaxConcurrency", "ToleratedFailurePercentage" (0..100), "Label"
 * "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket", "Prefix"}}
 * </pre>
 * {@code next == null} means End. Build with {@link #builder}.
 */
public record DistributedMap(String comment, String label, Payload itemReaderParameters, int maxItemsPerBatch,
                             Payload batchInput, String executionType, StateMachineDefinition processor,
                             int maxConcurrency, int toleratedFailurePercentage, Payload resultWriterParameters,
                             State.ResultPath resultPath, String next) implements State {
    public static final String LIST_OBJECTS_V2 = "arn:aws:states:::s3:listObjectsV2";
    public static final String PUT_OBJECT = "arn:aws:states:::s3:putObject";
    public static final List<String> EXECUTION_TYPES = List.of("EXPRESS", "STANDARD");

    public DistributedMap {
        if (!EXECUTION_TYPES.contains(executionType)) {
            throw new IllegalArgumentException("executionType must be one of " + EXECUTION_TYPES + " (got "
                + executionType + ")");
        }
    }

    public static Builder builder(String label) {
        return new Builder(label);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode n = State.base("Map", comment);
        ObjectNode processorJson = processor.toJsonNode();
        ObjectNode itemProcessor = n.putObject("ItemProcessor");
        itemProcessor.putObject("ProcessorConfig").put("Mode", "DISTRIBUTED").put("ExecutionType", executionType);
        itemProcessor.setAll(processorJson);
        ObjectNode reader = n.putObject("ItemReader");
        reader.put("Resource", LIST_OBJECTS_V2);
        reader.set("Parameters", itemReaderParameters.json());
        ObjectNode batcher = n.putObject("ItemBatcher");
        batcher.put("MaxItemsPerBatch", maxItemsPerBatch);
        if (batchInput != null) {
            batcher.set("BatchInput", batchInput.json());
        }
        n.put("MaxConcurrency", maxConcurrency);
        n.put("ToleratedFailurePercentage", toleratedFailurePercentage);
        n.put("Label", label);
        if (resultWriterParameters != null) {
            ObjectNode writer = n.putObject("ResultWriter");
            writer.put("Resource", PUT_OBJECT);
            writer.set("Parameters", resultWriterParameters.json());
        }
        if (resultPath != null) {
            resultPath.putInto(n);
        }
        return State.nextOrEnd(n, next);
    }

    @Override
    public List<String> targets() {
        return next == null ? List.of() : List.of(next);
    }

    /** Builder; every field but the label has to be set explicitly, nothing is defaulted here. */
    public static final class Builder {
        private final String label;
        private String comment;
        private Payload itemReaderParameters;
        private int maxItemsPerBatch;
        private Payload batchInput;
        private String executionType;
        private StateMachineDefinition processor;
        private int maxConcurrency;
        private int toleratedFailurePercentage;
        private Payload resultWriterParameters;
        private State.ResultPath resultPath;

        private Builder(String label) {
            this.label = label;
        }

        public Builder comment(String v) { comment = v; return this; }
        /** {@code Bucket} (and {@code Prefix}) of the listing. */
        public Builder listing(Payload v) { itemReaderParameters = v; return this; }
        public Builder batches(int maxItems, Payload input) { maxItemsPerBatch = maxItems; batchInput = input; return this; }
        public Builder processor(String type, StateMachineDefinition v) { executionType = type; processor = v; return this; }
        public Builder maxConcurrency(int v) { maxConcurrency = v; return this; }
        public Builder toleratedFailurePercentage(int v) { toleratedFailurePercentage = v; return this; }
        /** {@code Bucket} and {@code Prefix} of the result manifest. */
        public Builder resultWriter(Payload v) { resultWriterParameters = v; return this; }
        public Builder resultPath(State.ResultPath v) { resultPath = v; return this; }

        public DistributedMap next(String next) {
            return new DistributedMap(comment, label, itemReaderParameters, maxItemsPerBatch, batchInput,
                executionType, processor, maxConcurrency, toleratedFailurePercentage, resultWriterParameters,
                resultPath, next);
        }

        public DistributedMap end() {
            return next(null);
        }
    }
}
