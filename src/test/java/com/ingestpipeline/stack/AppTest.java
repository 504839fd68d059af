package com.ingestpipeline.stack;

import com.ingestpipeline.plan.RecordingMocks;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack wires the five components from the settings, in the documented order. */
class AppTest {
    private static StackSettings settings(String stack, Map<String, String> overrides) {
        Map<String, String> values = new java.util.HashMap<>(YamlConfigSource.load(Path.of("."), stack).values());
        overrides.forEach((k, v) -> values.put("ingest-pipeline:" + k, v));
        return StackSettings.load(YamlConfigSource.of(values, "Pulumi." + stack + ".yaml"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(RecordingMocks.Registered function) {
        return (Map<String, Object>) ((Map<String, Object>) function.input("environment")).get("variables");
    }

    @Test
    void componentsAreBuiltInDependencyOrderWithStackNames() {
        var outcome = MockRun.run(ctx -> App.stack(ctx, settings("dev", Map.of())));
        var components = outcome.mocks().resources().stream()
            .filter(r -> r.type().startsWith("ingestpipeline:index:")).map(RecordingMocks.Registered::name).toList();
        assertThat(components).containsExactly("test-network", "test-db", "test-compute", "test-flow", "test-ingest",
            "test-backfill");
    }

    @Test
    void settingsReachTheResourcesThatUseThem() {
        var outcome = MockRun.run(ctx -> App.stack(ctx, settings("prod", Map.of("workerVolumeSizeGb", "300"))));
        RecordingMocks mocks = outcome.mocks();
        assertThat(mocks.single("aws:rds/instance:Instance").input("multiAz")).isEqualTo(true);
        assertThat(mocks.single("aws:rds/instance:Instance").input("deletionProtection")).isEqualTo(true);
        assertThat(mocks.ofType("aws:ec2/instance:Instance")).hasSize(2)
            .allSatisfy(i -> assertThat(i.input("instanceType")).isEqualTo("m7g.large"));
        assertThat(mocks.ofType("aws:ebs/volume:Volume")).hasSize(2).allSatisfy(v -> {
            assertThat(v.input("size")).isEqualTo(300.0);
            assertThat(v.input("iops")).isEqualTo(6000.0);
            assertThat(v.input("throughput")).isEqualTo(250.0);
        });
        assertThat(mocks.single("aws:ec2/vpc:Vpc").input("cidrBlock")).isEqualTo("10.30.0.0/16");
        // prod ships worker logs, through its logs endpoint.
        assertThat(mocks.ofType("aws:ec2/instance:Instance"))
            .allSatisfy(i -> assertThat((String) i.input("userData")).contains("SHIP_LOGS='true'"));
        assertThat(mocks.ofType("aws:ec2/vpcEndpoint:VpcEndpoint")).extracting(e -> (String) e.input("serviceName"))
            .anyMatch(service -> service.endsWith(".logs"));
        assertThat(mocks.ofType("aws:ec2/subnet:Subnet")).hasSize(3);
    }

    @Test
    void theIngestFunctionStartsTheFlowsStateMachineAndWatchesTheInputPrefix() {
        var outcome = MockRun.run(ctx -> App.stack(ctx, settings("dev", Map.of("inputPrefix", "in/", "maxObjectMb", "64"))));
        RecordingMocks mocks = outcome.mocks();
        var ingest = mocks.single("aws:lambda/function:Function", n -> n.equals("test-ingest-fn"));
        String stateMachineArn = (String) PulumiTest.extractValue(outcome.result().output("stateMachineArn"));
        assertThat(stateMachineArn).endsWith(":stateMachine:test-flow-sm");
        assertThat(env(ingest)).containsEntry("STATE_MACHINE_ARN", stateMachineArn)
            .containsEntry("INPUT_PREFIX", "in/")
            .containsEntry("MAX_OBJECT_BYTES", Long.toString(64L * 1024 * 1024));
        assertThat(ingest.input("memorySize")).isEqualTo(1024.0);
        assertThat(ingest.input("tags")).isEqualTo(Map.of("owner", "data-platform", "cost-center", "dev-sandbox",
            "environment", "dev", "ingestpipeline:component", "test-ingest"));
    }

    @Test
    void stackOutputsNameWhatTheSmokeCheckAndOperatorsNeed() {
        var outcome = MockRun.run(ctx -> App.stack(ctx, settings("dev", Map.of())));
        assertThat(outcome.result().outputs().keySet()).contains("bucketName", "inputPrefix", "stateMachineArn",
            "statusFunctionName", "workerInstanceIds", "databaseSecretArn", "environment");
        assertThat((String) PulumiTest.extractValue(outcome.result().output("bucketName"))).isEqualTo("test-ingest-bucket");
    }

    @Test
    void anExistingVpcIsUsedInsteadOfCreatingOne() {
        // The recording mocks place every looked-up subnet in this VPC.
        String vpc = "vpc-0byo0000000000001";
        var outcome = MockRun.run(ctx -> App.stack(ctx, settings("dev", Map.of("existingVpcId", vpc,
            "existingSubnetIds", "[\"subnet-0aaaaaaa1\",\"subnet-0bbbbbbb2\"]"))));
        assertThat(outcome.mocks().ofType("aws:ec2/vpc:Vpc")).isEmpty();
        assertThat(outcome.mocks().ofType("aws:ec2/vpcEndpoint:VpcEndpoint")).isEmpty();
        assertThat((String) PulumiTest.extractValue(outcome.result().output("vpcId"))).isEqualTo(vpc);
        assertThat(outcome.mocks().single("aws:rds/subnetGroup:SubnetGroup").input("subnetIds"))
            .isEqualTo(java.util.List.of("subnet-0aaaaaaa1", "subnet-0bbbbbbb2"));
    }

    @Test
    void aStackKmsKeyIsGrantedWhereverItEncryptsSomethingAFunctionOrTheWorkflowReads() {
        String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var outcome = MockRun.run(ctx -> App.stack(ctx, settings("dev", Map.of("kmsKeyArn", key))));
        RecordingMocks mocks = outcome.mocks();
        java.util.List<String> policiesNamingTheKey = mocks.resources().stream()
            .filter(r -> r.type().equals("aws:iam/rolePolicy:RolePolicy"))
            .filter(r -> String.valueOf(r.input("policy")).contains(key))
            .map(RecordingMocks.Registered::name).toList();
        // The state machine (CreateGrant for the worker volumes) and the status and ingest functions
        // (Decrypt of the database secret) each get a grant on the key.
        assertThat(policiesNamingTheKey).anyMatch(n -> n.startsWith("test-flow-"))
            .anyMatch(n -> n.startsWith("test-ingest-"));
        String flowPolicies = mocks.resources().stream()
            .filter(r -> r.type().equals("aws:iam/rolePolicy:RolePolicy") && r.name().startsWith("test-flow-"))
            .map(r -> String.valueOf(r.input("policy"))).reduce("", String::concat);
        assertThat(flowPolicies).contains("kms:CreateGrant").contains("kms:Decrypt");
        // The worker reads the same secret: its role may decrypt it through Secrets Manager.
        String workerPolicy = String.valueOf(mocks.single("aws:iam/rolePolicy:RolePolicy",
            n -> n.equals("test-compute-worker-policy")).input("policy"));
        assertThat(workerPolicy).contains("\"Sid\":\"DecryptDatabaseSecret\"").contains(key)
            .contains("secretsmanager.us-east-1.amazonaws.com");
    }
}
