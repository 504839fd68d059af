package com.ingestpipeline.components;

import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.asset.FileArchive;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.InstanceArgs;
import com.pulumi.aws.lambda.FunctionArgs;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.ResourceTransformation;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escape hatch: a consumer overrides a child's args the component does not model, from its own program,
 * through {@link Transforms} on the component's options. Each component, one property each, under mocks;
 * every other child keeps the component's value.
 */
class TransformsTest {
    private static ComponentResourceOptions with(ResourceTransformation t) {
        return ComponentResourceOptions.builder().resourceTransformations(t).build();
    }

    @Test
    void ingestPipeline_bucketLifecycleAndFunctionMemory() {
        BucketLifecycleConfigurationV2RuleArgs expireRaw = BucketLifecycleConfigurationV2RuleArgs.builder()
            .id("expire-raw-uploads").status("Enabled")
            .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("incoming/").build())
            .expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder().days(30).build())
            .build();
        RecordingMocks mocks = MockRun.run(ctx -> new IngestPipeline("ip", IngestPipelineTest.wired().build(),
            ComponentResourceOptions.builder().resourceTransformations(
                Transforms.override(FunctionArgs.class, "ip-fn", fn -> FunctionArgs.builder(fn).memorySize(2048).build()),
                Transforms.override(BucketLifecycleConfigurationV2Args.class, "ip-bucket-lifecycle",
                    lc -> BucketLifecycleConfigurationV2Args.builder(lc).rules(List.of(expireRaw)).build()))
                .build())).mocks();

        var fn = mocks.single("aws:lambda/function:Function");
        assertThat(fn.input("memorySize")).isEqualTo(2048.0);
        assertThat(fn.input("handler")).as("the rest of the function is the component's")
            .isEqualTo("com.ingestpipeline.functions.ingest.IngestHandler::handleRequest");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = (List<Map<String, Object>>) mocks.single(
            "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2").input("rules");
        assertThat(rules).singleElement().satisfies(r -> {
            assertThat(r.get("id")).isEqualTo("expire-raw-uploads");
            assertThat(r.get("expiration")).isEqualTo(Map.of("days", 30.0));
        });
    }

    @Test
    void batchComputeNode_instanceType() throws Exception {
        Path jar = Files.createTempFile("worker-", ".jar");
        Files.writeString(jar, "worker bytes");
        var args = BatchComputeNodeArgs.builder()
            .network(BatchComputeNodeTest.network().build())
            .database(BatchComputeNodeTest.database().build())
            .workerJarPath(jar.toString())
            .workerCount(2)
            .build();
        RecordingMocks mocks = MockRun.run(ctx -> new BatchComputeNode("node", args, with(
            Transforms.override(InstanceArgs.class, "node-worker-1",
                i -> InstanceArgs.builder(i).instanceType("m7g.large").build())))).mocks();

        var workers = mocks.ofType("aws:ec2/instance:Instance");
        assertThat(workers).extracting(RecordingMocks.Registered::name, w -> w.input("instanceType"))
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("node-worker-0", "t4g.medium"),
                org.assertj.core.groups.Tuple.tuple("node-worker-1", "m7g.large"));
    }

    @Test
    void database_instanceStorageType() {
        RecordingMocks mocks = MockRun.run(ctx -> new Database("db", DatabaseTest.placed().build(), with(
            Transforms.override(com.pulumi.aws.rds.InstanceArgs.class, "db-instance",
                i -> com.pulumi.aws.rds.InstanceArgs.builder(i).storageType("io2").iops(3000).build()))))
            .mocks();

        var instance = mocks.single("aws:rds/instance:Instance");
        assertThat(instance.input("storageType")).isEqualTo("io2");
        assertThat(instance.input("iops")).isEqualTo(3000.0);
        assertThat(instance.input("storageEncrypted")).as("the component's defaults stay").isEqualTo(true);
    }

    @Test
    void orchestrationFlow_stateMachineLogRetention() {
        RecordingMocks mocks = MockRun.run(ctx -> new OrchestrationFlow("flow", OrchestrationFlowTest.required().build(),
            with(Transforms.override(LogGroupArgs.class, "flow-logs",
                lg -> LogGroupArgs.builder(lg).retentionInDays(3653).build())))).mocks();

        assertThat(mocks.single("aws:cloudwatch/logGroup:LogGroup", n -> n.equals("flow-logs")).input("retentionInDays"))
            .isEqualTo(3653.0);
        assertThat(mocks.single("aws:cloudwatch/logGroup:LogGroup", n -> n.equals("flow-status-logs"))
            .input("retentionInDays")).as("only the named child changes").isEqualTo(365.0);
    }

    @Test
    void network_vpcSetting() {
        RecordingMocks mocks = MockRun.run(ctx -> new Network("net", NetworkArgs.builder().build(), with(
            Transforms.override(com.pulumi.aws.ec2.VpcArgs.class, "net-vpc",
                v -> com.pulumi.aws.ec2.VpcArgs.builder(v).enableNetworkAddressUsageMetrics(true).build())))).mocks();

        var vpc = mocks.single("aws:ec2/vpc:Vpc");
        assertThat(vpc.input("enableNetworkAddressUsageMetrics")).isEqualTo(true);
        assertThat(vpc.input("cidrBlock")).isEqualTo("10.0.0.0/16");
    }

    @Test
    void aTransformForAnotherChild_changesNothing() {
        RecordingMocks mocks = MockRun.run(ctx -> new IngestPipeline("ip", IngestPipelineTest.wired()
            .code(new FileArchive("/tmp/ingest-function.jar")).build(), with(
            Transforms.override(FunctionArgs.class, "other-fn", fn -> FunctionArgs.builder(fn).memorySize(4096).build()))))
            .mocks();
        assertThat(mocks.single("aws:lambda/function:Function").input("memorySize")).isEqualTo(1024.0);
    }
}
