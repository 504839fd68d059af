package com.ingestpipeline.stack;

import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack wires the components from the settings, in the documented order. */
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
        // The backfill and the bucket perimeter both need only what comes before them; the SDK registers
        // components asynchronously, so the two may come in either order.
        assertThat(components.subList(0, 6)).containsExactly("test-alarms", "test-network", "test-db", "test-compute",
            "test-flow", "test-ingest");
        assertThat(components.subList(6, components.size()))
            .containsExactlyInAnyOrder("test-backfill", "test-perimeter");
    }

    @Test
    void theS3GatewayEndpoint_reachesOnlyTheStacksBuckets_andTheBootRepositories() throws Exception {
        RecordingMocks mocks = MockRun.run(ctx -> App.stack(ctx, settings("prod", Map.of()))).mocks();
        var endpointPolicy = mocks.single("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy");
        var s3Endpoint = mocks.single("aws:ec2/vpcEndpoint:VpcEndpoint", n -> n.equals("test-network-s3"));
        assertThat(endpointPolicy.input("vpcEndpointId")).isEqualTo(s3Endpoint.id());
        var policy = new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) endpointPolicy.input("policy"));
        assertThat(policy.path("Statement").get(0).path("Resource").toString())
            .contains("arn:aws:s3:::test-ingest-bucket/*", "arn:aws:s3:::test-compute-artifacts/*",
                "arn:aws:s3:::test-access-logs-bucket/*");
        assertThat(policy.path("Statement").get(1).path("Resource").asText())
            .isEqualTo("arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*");
        // Interface endpoints: principals of the stack's account only.
        assertThat(mocks.ofType("aws:ec2/vpcEndpoint:VpcEndpoint")).filteredOn(e -> "Interface".equals(e.input("vpcEndpointType")))
            .isNotEmpty().allSatisfy(e -> assertThat((String) e.input("policy")).contains("\"aws:PrincipalAccount\":\"123456789012\""));
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
            .containsEntry("BUCKET_NAME", (String) PulumiTest.extractValue(outcome.result().output("bucketName")))
            .containsEntry("INPUT_PREFIX", "in/")
            .containsEntry("MAX_OBJECT_BYTES", Long.toString(64L * 1024 * 1024));
        assertThat(ingest.input("memorySize")).isEqualTo(1024.0);
        // Not set in Pulumi.dev.yaml: follows db.t4g.micro's connection budget (DatabaseConnections).
        assertThat(ingest.input("reservedConcurrentExecutions")).isEqualTo(50.0);
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
    void prod_logsBothBucketsIntoALogBucketTheStackOwns_whichIsNotItselfLogged() {
        RecordingMocks mocks = MockRun.run(ctx -> App.stack(ctx, settings("prod", Map.of()))).mocks();
        var logBucket = mocks.single("aws:s3/bucketV2:BucketV2", n -> n.equals("test-access-logs-bucket"));
        var loggings = mocks.ofType("aws:s3/bucketLoggingV2:BucketLoggingV2");
        assertThat(loggings).extracting(l -> (String) l.input("bucket"))
            .containsExactlyInAnyOrder("test-ingest-bucket", "test-compute-artifacts");
        assertThat(loggings).allSatisfy(l -> assertThat(l.input("targetBucket")).isEqualTo(logBucket.name()));
        assertThat(mocks.single("ingestpipeline:index:AccessLogBucket").name()).isEqualTo("test-access-logs");
    }

    @Test
    void theWorkerGetsTheSsmAgentsPermissions_onlyWhereTheVpcHasTheSsmEndpoints() {
        RecordingMocks dev = MockRun.run(ctx -> App.stack(ctx, settings("dev", Map.of()))).mocks();
        assertThat(dev.ofType("aws:iam/rolePolicy:RolePolicy")).extracting(RecordingMocks.Registered::name)
            .doesNotContain("test-compute-ssm");
        RecordingMocks prod = MockRun.run(ctx -> App.stack(ctx, settings("prod", Map.of()))).mocks();
        assertThat((String) prod.single("aws:iam/rolePolicy:RolePolicy", n -> n.equals("test-compute-ssm")).input("policy"))
            .contains("ssmmessages:OpenDataChannel");
        assertThat(prod.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"))
            .noneMatch(a -> String.valueOf(a.input("policyArn")).contains("AmazonSSMManagedInstanceCore"));
    }

    @Test
    void dev_hasNoAccessLogsByDefault_butTheSettingTurnsThemOn() {
        assertThat(MockRun.run(ctx -> App.stack(ctx, settings("dev", Map.of()))).mocks()
            .ofType("aws:s3/bucketLoggingV2:BucketLoggingV2")).isEmpty();

        RecordingMocks mocks = MockRun.run(ctx -> App.stack(ctx, settings("dev", Map.of("s3AccessLogs", "true")))).mocks();
        assertThat(mocks.ofType("aws:s3/bucketLoggingV2:BucketLoggingV2")).hasSize(2)
            .allSatisfy(l -> assertThat(l.input("targetBucket")).isEqualTo("test-access-logs-bucket"));
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
