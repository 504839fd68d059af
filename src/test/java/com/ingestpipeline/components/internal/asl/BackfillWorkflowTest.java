package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillWorkflowTest {
    static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:ingest:live";

    static BackfillWorkflow.Settings settings() {
        return new BackfillWorkflow.Settings("data-bucket", "incoming/", "results/backfill", FUNCTION, 40, 5, 100,
            86400);
    }

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void definitionPassesTheRealAslValidator() throws Exception {
        AslTools.Result result = AslTools.validate(BackfillWorkflow.definition(settings()).toJson());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void aslValidatorRejectsADistributedMapWithoutItsProcessorConfig() throws Exception {
        // GIVEN the real definition with an ExecutionType the service does not know
        ObjectNode doc = (ObjectNode) json.readTree(BackfillWorkflow.definition(settings()).toJson());
        ((ObjectNode) doc.at("/States/ListAndIngest/ItemProcessor/ProcessorConfig")).put("ExecutionType", "FAST");
        // THEN the validator fails it: it does read the Distributed Map fields, so the test above means something
        AslTools.Result result = AslTools.validate(json.writeValueAsString(doc));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
    }

    @Test
    void definitionHasNoStructuralProblems_includingItsItemProcessor() throws Exception {
        StateMachineDefinition def = BackfillWorkflow.definition(settings());
        assertThat(def.problems()).isEmpty();
        ObjectNode broken = def.toJsonNode();
        ((ObjectNode) broken.at("/States/ListAndIngest/ItemProcessor")).put("StartAt", "Nowhere");
        assertThat(AslChecks.problems(broken)).anyMatch(p -> p.contains("Map 'ListAndIngest' item processor")
            && p.contains("Nowhere"));
    }

    @Test
    void distributedMap_listsThePrefix_batches_boundsConcurrencyAndFailures_andWritesTheManifest() throws Exception {
        JsonNode map = json.readTree(BackfillWorkflow.definition(settings()).toJson()).at("/States/ListAndIngest");
        assertThat(map.path("Type").asText()).isEqualTo("Map");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()).isEqualTo("EXPRESS");
        assertThat(map.at("/ItemReader/Resource").asText()).isEqualTo("arn:aws:states:::s3:listObjectsV2");
        assertThat(map.at("/ItemReader/Parameters/Bucket").asText()).isEqualTo("data-bucket");
        assertThat(map.at("/ItemReader/Parameters/Prefix.$").asText()).isEqualTo("$.prefix");
        assertThat(map.at("/ItemBatcher/MaxItemsPerBatch").asInt()).isEqualTo(100);
        assertThat(map.at("/ItemBatcher/BatchInput/runId.$").asText()).isEqualTo("$$.Execution.Name");
        assertThat(map.at("/ItemBatcher/BatchInput/request.$").asText()).isEqualTo("$");
        assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(40);
        assertThat(map.path("ToleratedFailurePercentage").asInt()).isEqualTo(5);
        assertThat(map.at("/ResultWriter/Resource").asText()).isEqualTo("arn:aws:states:::s3:putObject");
        assertThat(map.at("/ResultWriter/Parameters/Prefix").asText()).isEqualTo("results/backfill");
        JsonNode task = map.at("/ItemProcessor/States/IngestBatch");
        assertThat(task.at("/Parameters/FunctionName").asText()).isEqualTo(FUNCTION);
        assertThat(task.at("/Parameters/Payload.$").asText()).isEqualTo("$");
        assertThat(task.path("OutputPath").asText()).isEqualTo("$.Payload");
    }

    @Test
    void checkRequest_matchesThePrefixLiterally() throws Exception {
        var s = new BackfillWorkflow.Settings("b", "in*put\\", "results/backfill", FUNCTION, 1, 0, 1, 60);
        JsonNode rule = json.readTree(BackfillWorkflow.definition(s).toJson()).at("/States/CheckRequest/Choices/0");
        List<String> patterns = rule.findValuesAsText("StringMatches");
        assertThat(patterns).containsExactly("in\\*put\\\\*");
    }
}
