package com.ingestpipeline.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.BackfillFlow;
import com.ingestpipeline.components.BatchComputeNode;
import com.ingestpipeline.components.Database;
import com.ingestpipeline.components.DatabaseConnectionArgs;
import com.ingestpipeline.components.IngestPipeline;
import com.ingestpipeline.components.Network;
import com.ingestpipeline.components.NetworkPlacementArgs;
import com.ingestpipeline.components.OrchestrationFlow;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.provider.internal.models.GetSchemaRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The package schema as the engine receives it from GetSchema, generated in-process. */
class ProviderSchemaTest {
    private static JsonNode schema;

    @BeforeAll
    static void generate() throws Exception {
        String json = ProviderMain.provider().getSchema(new GetSchemaRequest(0, null, null)).join().getSchema();
        schema = new ObjectMapper().readTree(json);
    }

    @Test
    void package_isNamedForTheComponentTokens_andListsExactlyTheEightComponents() {
        assertThat(schema.path("name").asText()).isEqualTo("ingestpipeline");
        assertThat(schema.path("version").asText()).isEqualTo(ProviderMain.VERSION);
        List<String> resources = new ArrayList<>();
        schema.path("resources").fieldNames().forEachRemaining(resources::add);
        assertThat(resources).containsExactlyInAnyOrder("ingestpipeline:index:Network", "ingestpipeline:index:Database",
            "ingestpipeline:index:BatchComputeNode", "ingestpipeline:index:OrchestrationFlow",
            "ingestpipeline:index:IngestPipeline", "ingestpipeline:index:BackfillFlow",
            "ingestpipeline:index:AlarmTopic", "ingestpipeline:index:AccessLogBucket",
            "ingestpipeline:index:BucketPerimeter");
        schema.path("resources").forEach(r -> assertThat(r.path("isComponent").asBoolean()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(classes = {Network.class, Database.class, BatchComputeNode.class, OrchestrationFlow.class,
        IngestPipeline.class, BackfillFlow.class, com.ingestpipeline.components.AlarmTopic.class,
        com.ingestpipeline.components.AccessLogBucket.class, com.ingestpipeline.components.BucketPerimeter.class})
    void eachComponent_exposesEveryArgAsInputAndEveryExportAsOutput(Class<?> component) {
        JsonNode spec = schema.path("resources").path("ingestpipeline:index:" + component.getSimpleName());
        Class<?> args = Arrays.stream(component.getConstructors()[0].getParameterTypes())
            .filter(t -> t.getSimpleName().endsWith("Args")).findFirst().orElseThrow();

        assertThat(names(spec.path("inputProperties"))).isEqualTo(importNames(args, false));
        assertThat(names(spec.path("requiredInputs"))).isEqualTo(importNames(args, true));
        assertThat(names(spec.path("properties"))).isEqualTo(exportNames(component));
        // Static constants on an Args class would leak into the schema as inputs.
        assertThat(names(spec.path("inputProperties"))).noneMatch(n -> n.equals(n.toUpperCase()));
    }

    @Test
    void inputs_carryTheTypesOtherLanguagesGenerateFrom() {
        JsonNode pipeline = schema.path("resources").path("ingestpipeline:index:IngestPipeline");
        assertThat(names(pipeline.path("requiredInputs"))).contains("network", "database", "stateMachineArn");
        assertThat(names(pipeline.path("inputProperties"))).doesNotContain("vpcId", "subnetIds", "databaseHost");
        JsonNode placement = schema.path("types").path("ingestpipeline:index:NetworkPlacement");
        assertThat(placement.path("properties").path("subnetIds").path("type").asText()).isEqualTo("array");
        JsonNode connection = schema.path("types").path("ingestpipeline:index:DatabaseConnection");
        assertThat(connection.path("properties").path("port").path("type").asText()).isEqualTo("integer");
        assertThat(connection.path("properties").path("host").path("type").asText()).isEqualTo("string");
        assertThat(names(pipeline.path("properties"))).contains("bucketName", "functionArn");

        JsonNode network = schema.path("resources").path("ingestpipeline:index:Network");
        assertThat(network.path("inputProperties").path("cidrBlock").path("type").asText()).isEqualTo("string");
        assertThat(network.path("inputProperties").path("availabilityZoneCount").path("type").asText()).isEqualTo("integer");
        assertThat(names(network.path("properties"))).contains("vpcId", "privateSubnetIds");

        JsonNode tag = schema.path("types").path("ingestpipeline:index:Tag");
        assertThat(names(tag.path("properties"))).containsExactlyInAnyOrder("key", "value");
    }

    /** The three clients of the database take the same two nested types, by reference. */
    @ParameterizedTest
    @ValueSource(strings = {"IngestPipeline", "OrchestrationFlow", "BatchComputeNode"})
    void databaseClients_takeTheSharedNetworkAndDatabaseTypes(String component) {
        JsonNode inputs = schema.path("resources").path("ingestpipeline:index:" + component).path("inputProperties");
        assertThat(inputs.path("network").path("$ref").asText()).isEqualTo("#/types/ingestpipeline:index:NetworkPlacement");
        assertThat(inputs.path("database").path("$ref").asText()).isEqualTo("#/types/ingestpipeline:index:DatabaseConnection");
    }

    @ParameterizedTest
    @ValueSource(classes = {NetworkPlacementArgs.class, DatabaseConnectionArgs.class})
    void nestedTypes_areInTheSchemaTypesWithEveryFieldAndTheRequiredOnes(Class<?> args) {
        String token = "ingestpipeline:index:" + args.getSimpleName().replaceFirst("Args$", "");
        JsonNode type = schema.path("types").path(token);
        assertThat(type.path("type").asText()).isEqualTo("object");
        assertThat(names(type.path("properties"))).isEqualTo(importNames(args, false));
        assertThat(names(type.path("required"))).isEqualTo(importNames(args, true));
    }

    private static Set<String> names(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    private static Set<String> importNames(Class<?> args, boolean requiredOnly) {
        Set<String> out = new TreeSet<>();
        for (Field f : args.getDeclaredFields()) {
            Import imp = f.getAnnotation(Import.class);
            if (Modifier.isStatic(f.getModifiers()) || imp == null || requiredOnly && !imp.required()) {
                continue;
            }
            out.add(imp.name().isEmpty() ? f.getName() : imp.name());
        }
        return out;
    }

    private static Set<String> exportNames(Class<?> component) {
        Set<String> out = new TreeSet<>();
        for (Field f : component.getDeclaredFields()) {
            Export exp = f.getAnnotation(Export.class);
            if (exp != null) {
                out.add(exp.name().isEmpty() ? f.getName() : exp.name());
            }
        }
        return out;
    }
}
