package com.ingestpipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.pulumi.Context;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan file has the shape of {@code pulumi preview --json}, with parents, ids and secrets masked. */
class PreviewJsonTest {
    private static final String COMPONENT_URN =
        "urn:pulumi:test::ingest-pipeline::ingestpipeline:index:Demo::demo";
    private static JsonNode plan;

    /** A component with two children, one of them holding a secret input. */
    static final class Demo extends ComponentResource {
        Demo(String name) {
            super("ingestpipeline:index:Demo", name, ComponentResourceOptions.builder().build());
            var bucket = new BucketV2(name + "-bucket", BucketV2Args.builder().bucket("demo-data").forceDestroy(false)
                .tags(Map.of("team", "data")).build(), CustomResourceOptions.builder().parent(this).build());
            new Parameter(name + "-secret", ParameterArgs.builder().name("/demo/password").type("SecureString")
                .value(Output.ofSecret("hunter2")).build(), CustomResourceOptions.builder().parent(this).build());
            registerOutputs(Map.of("bucket", bucket.bucket()));
        }
    }

    static void program(Context ctx) {
        new Demo("demo");
        var top = new BucketV2("logs", BucketV2Args.builder().bucket("demo-logs").build());
        ctx.export("logsBucket", top.bucket());
        ctx.export("password", Output.ofSecret("hunter2"));
        ctx.export("count", Output.of(3));
    }

    @BeforeAll
    static void planTheProgram() {
        PlanRunner.Plan result = PlanRunner.run("test", PreviewJsonTest::program);
        assertThat(result.errors()).isEmpty();
        plan = PreviewJson.of(result, Map.of("ingest-pipeline:environment", "dev"));
    }

    private static JsonNode state(String urnSuffix) {
        for (JsonNode step : plan.get("steps")) {
            if (step.get("urn").asText().endsWith(urnSuffix)) {
                return step.get("newState");
            }
        }
        throw new AssertionError("no step whose urn ends with " + urnSuffix + " in " + plan);
    }

    @Test
    void everyStepIsACreateWithUrnTypeParentCustomAndInputs() {
        List<String> types = new ArrayList<>();
        for (JsonNode step : plan.get("steps")) {
            assertThat(step.get("op").asText()).isEqualTo("create");
            JsonNode state = step.get("newState");
            assertThat(state.get("urn").asText()).isEqualTo(step.get("urn").asText());
            assertThat(state.has("type") && state.has("parent") && state.has("custom") && state.has("inputs")).isTrue();
            types.add(state.get("type").asText());
        }
        assertThat(types).containsExactly("pulumi:pulumi:Stack", "ingestpipeline:index:Demo",
            "aws:s3/bucketV2:BucketV2", "aws:ssm/parameter:Parameter", "aws:s3/bucketV2:BucketV2");
        assertThat(plan.get("changeSummary").get("create").asInt()).isEqualTo(5);
    }

    @Test
    void childUrnsCarryTheParentTypeChainAndPointAtTheirParent() {
        String stackUrn = "urn:pulumi:test::ingest-pipeline::pulumi:pulumi:Stack::ingest-pipeline-test";
        assertThat(state("::demo").get("parent").asText()).isEqualTo(stackUrn);
        assertThat(state("::demo").get("custom").asBoolean()).isFalse();
        JsonNode bucket = state("::demo-bucket");
        assertThat(bucket.get("urn").asText()).isEqualTo(
            "urn:pulumi:test::ingest-pipeline::ingestpipeline:index:Demo$aws:s3/bucketV2:BucketV2::demo-bucket");
        assertThat(bucket.get("parent").asText()).isEqualTo(COMPONENT_URN);
        assertThat(bucket.get("custom").asBoolean()).isTrue();
        assertThat(state("::logs").get("parent").asText()).isEqualTo(stackUrn);
    }

    @Test
    void inputsAreJsonValuesAndIdsAreTheMockedOnes() {
        JsonNode bucket = state("::demo-bucket");
        assertThat(bucket.get("inputs").get("bucket").asText()).isEqualTo("demo-data");
        assertThat(bucket.get("inputs").get("forceDestroy").isBoolean()).isTrue();
        assertThat(bucket.get("inputs").get("tags").get("team").asText()).isEqualTo("data");
        assertThat(bucket.get("id").asText()).isEqualTo("demo-data");
    }

    @Test
    void secretInputsAndOutputsAreMasked() {
        JsonNode parameter = state("::demo-secret").get("inputs");
        assertThat(parameter.get("value").asText()).isEqualTo("[secret]");
        assertThat(parameter.get("name").asText()).isEqualTo("/demo/password");
        assertThat(plan.get("outputs").get("password").asText()).isEqualTo("[secret]");
        assertThat(plan.toString()).doesNotContain("hunter2");
    }

    @Test
    void outputsHoldTheStackOutputsWithNumbersAsIntegers() {
        assertThat(plan.get("outputs").get("logsBucket").asText()).isEqualTo("demo-logs");
        assertThat(plan.get("outputs").get("count").isIntegralNumber()).isTrue();
        assertThat(plan.get("outputs").get("count").asInt()).isEqualTo(3);
        assertThat(state("::ingest-pipeline-test").get("outputs")).isEqualTo(plan.get("outputs"));
        assertThat(plan.get("config").get("ingest-pipeline:environment").asText()).isEqualTo("dev");
    }

    @Test
    void aFailingProgramIsReportedByItsCauseWithoutTheEngineNoise() {
        PlanRunner.Plan failed = PlanRunner.run("test", ctx -> {
            throw new IllegalArgumentException("DemoArgs: size must be 1..10 (got 0)");
        });
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.errors()).isNotEmpty().allSatisfy(e -> assertThat(e)
            .contains("DemoArgs: size must be 1..10 (got 0)").doesNotContain("-classpath").hasSizeLessThan(400));
    }

    @Test
    void treeShowsComponentsWithTheirChildrenAndTellingInputs() {
        String tree = TreePrinter.render(PlanRunner.run("test", PreviewJsonTest::program));
        assertThat(tree).contains("pulumi:pulumi:Stack  ingest-pipeline-test\n"
            + "├─ ingestpipeline:index:Demo  demo\n"
            + "│  ├─ aws:s3/bucketV2:BucketV2  demo-bucket  bucket=demo-data\n"
            + "│  └─ aws:ssm/parameter:Parameter  demo-secret  type=SecureString\n"
            + "└─ aws:s3/bucketV2:BucketV2  logs  bucket=demo-logs\n");
        assertThat(tree).doesNotContain("hunter2");
    }
}
