package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.aws.ec2.Ec2Functions;
import com.pulumi.aws.ec2.inputs.GetSubnetArgs;
import com.pulumi.aws.ssm.SsmFunctions;
import com.pulumi.aws.ssm.inputs.GetParameterArgs;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** What each child of a BatchComputeNode receives, with the defaults (the secure baseline). */
class BatchComputeNodeTest {
    static final String INSTANCE = "aws:ec2/instance:Instance";
    static final String VOLUME = "aws:ebs/volume:Volume";
    static final String ATTACHMENT = "aws:ec2/volumeAttachment:VolumeAttachment";
    static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final String SG = "aws:ec2/securityGroup:SecurityGroup";
    static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    static final String OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1-abcdef";
    static final String ACTIVITY_ARN = "arn:aws:states:us-east-1:123456789012:activity:node-tasks";
    static final ObjectMapper JSON = new ObjectMapper();
    static Path jar;
    static String jarSha;

    @BeforeAll
    static void workerJar() throws Exception {
        jar = Files.createTempFile("batch-worker-test-", ".jar");
        Files.writeString(jar, "not really a jar, but bytes with a hash");
        jarSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    }

    static NetworkPlacementArgs.Builder network() {
        return NetworkPlacementArgs.builder().vpcId("vpc-0aaa").subnetIds(List.of("subnet-0a", "subnet-0b"));
    }

    static DatabaseConnectionArgs.Builder database() {
        return DatabaseConnectionArgs.builder().host("db.cluster.internal").name("ingest").secretArn(SECRET);
    }

    /** The arguments every test starts from: the wiring a stack gives, the bundled jar replaced by a test file. */
    static BatchComputeNodeArgs.Builder base() {
        return BatchComputeNodeArgs.builder()
            .network(network().build())
            .database(database().build())
            .workerJarPath(jar.toString());
    }

    static MockRun.Outcome run(BatchComputeNodeArgs args) {
        return MockRun.run(ctx -> {
            var node = new BatchComputeNode("node", args, null);
            ctx.export("instanceIds", node.instanceIds);
            ctx.export("instanceArns", node.instanceArns);
            ctx.export("volumeIds", node.volumeIds);
            ctx.export("securityGroupId", node.securityGroupId);
            ctx.export("roleArn", node.roleArn);
            ctx.export("roleName", node.roleName);
            ctx.export("activityArn", node.activityArn);
            ctx.export("artifactBucketName", node.artifactBucketName);
            ctx.export("workerArtifactKey", node.workerArtifactKey);
            for (String subnet : List.of("subnet-0a", "subnet-0b")) {
                ctx.export("az-" + subnet, Ec2Functions.getSubnet(GetSubnetArgs.builder().id(subnet).build())
                    .applyValue(s -> s.availabilityZone()));
            }
            for (String arch : List.of("arm64", "x86_64")) {
                ctx.export("ami-" + arch, SsmFunctions.getParameter(GetParameterArgs.builder()
                    .name("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-" + arch).build())
                    .applyValue(p -> p.value()));
            }
        });
    }

    static Object output(MockRun.Outcome outcome, String name) {
        return PulumiTest.extractValue(outcome.result().output(name));
    }

    static JsonNode policy(RecordingMocks mocks) throws Exception {
        return JSON.readTree((String) mocks.single(ROLE_POLICY, n -> n.endsWith("-worker-policy")).input("policy"));
    }

    static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode s : policy.get("Statement")) {
            if (sid.equals(s.path("Sid").asText())) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void instanceIsPrivateImdsV2OnlyEncryptedMonitoredAndStopsOnShutdown() {
        var outcome = run(base().build());
        Registered instance = outcome.mocks().single(INSTANCE);

        assertThat(instance.name()).isEqualTo("node-worker-0");
        assertThat(instance.input("instanceType")).isEqualTo("t4g.medium");
        assertThat(instance.input("ami")).isEqualTo(output(outcome, "ami-arm64"));
        assertThat(instance.input("subnetId")).isEqualTo("subnet-0a");
        assertThat(instance.input("associatePublicIpAddress")).isEqualTo(false);
        assertThat(instance.inputs()).doesNotContainKeys("keyName", "ebsBlockDevices", "volumeTags");
        assertThat(instance.input("metadataOptions")).isEqualTo(Map.of(
            "httpEndpoint", "enabled", "httpTokens", "required", "httpPutResponseHopLimit", 1.0,
            "instanceMetadataTags", "disabled"));
        assertThat(instance.input("rootBlockDevice")).isEqualTo(Map.of("encrypted", true, "volumeType", "gp3",
            "volumeSize", 16.0, "deleteOnTermination", true,
            "tags", Map.of("ingestpipeline:component", "node", "Name", "node-root-0")));
        assertThat(instance.input("monitoring")).isEqualTo(true);
        assertThat(instance.input("ebsOptimized")).isEqualTo(true);
        assertThat(instance.input("instanceInitiatedShutdownBehavior")).isEqualTo("stop");
        assertThat(instance.input("userDataReplaceOnChange")).isEqualTo(false);
        assertThat(instance.input("tags")).isEqualTo(Map.of("ingestpipeline:component", "node", "Name", "node-worker-0"));

        Registered profile = outcome.mocks().single("aws:iam/instanceProfile:InstanceProfile");
        Registered role = outcome.mocks().single("aws:iam/role:Role");
        assertThat(instance.input("iamInstanceProfile")).isEqualTo(profile.id());
        assertThat(profile.input("role")).isEqualTo(role.id());
        assertThat(instance.input("vpcSecurityGroupIds")).isEqualTo(List.of(outcome.mocks().single(SG).id()));
        assertThat(output(outcome, "instanceIds")).isEqualTo(List.of(instance.id()));
        assertThat(output(outcome, "instanceArns"))
            .isEqualTo(List.of("arn:aws:ec2:us-east-1:123456789012:instance/" + instance.id()));
    }

    @Test
    void dataVolumeIsItsOwnEncryptedGp3ResourceInTheInstanceZoneAttachedSafely() {
        var outcome = run(base().build());
        Registered volume = outcome.mocks().single(VOLUME);
        Registered instance = outcome.mocks().single(INSTANCE);

        assertThat(volume.name()).isEqualTo("node-data-0");
        assertThat(volume.input("availabilityZone")).isEqualTo(output(outcome, "az-subnet-0a"));
        assertThat(volume.input("type")).isEqualTo("gp3");
        assertThat(volume.input("size")).isEqualTo(100.0);
        assertThat(volume.input("iops")).isEqualTo(3000.0);
        assertThat(volume.input("throughput")).isEqualTo(125.0);
        assertThat(volume.input("encrypted")).isEqualTo(true);
        assertThat(volume.input("finalSnapshot")).isEqualTo(true);
        assertThat(volume.inputs()).doesNotContainKey("kmsKeyId");
        assertThat(volume.input("tags")).isEqualTo(Map.of("ingestpipeline:component", "node", "Name", "node-data-0"));

        Registered attachment = outcome.mocks().single(ATTACHMENT);
        assertThat(attachment.inputs()).containsEntry("instanceId", instance.id())
            .containsEntry("volumeId", volume.id())
            .containsEntry("deviceName", "/dev/sdf")
            .containsEntry("stopInstanceBeforeDetaching", true);
        assertThat(output(outcome, "volumeIds")).isEqualTo(List.of(volume.id()));
    }

    @Test
    void systemStatusCheckAlarmRecoversTheInstance() {
        var outcome = run(base().build());
        Registered alarm = outcome.mocks().single(ALARM);
        assertThat(alarm.inputs())
            .containsEntry("namespace", "AWS/EC2")
            .containsEntry("metricName", "StatusCheckFailed_System")
            .containsEntry("dimensions", Map.of("InstanceId", outcome.mocks().single(INSTANCE).id()))
            .containsEntry("statistic", "Maximum")
            .containsEntry("period", 60.0)
            .containsEntry("evaluationPeriods", 2.0)
            .containsEntry("threshold", 0.0)
            .containsEntry("comparisonOperator", "GreaterThanThreshold")
            .containsEntry("treatMissingData", "notBreaching")
            .containsEntry("alarmActions", List.of("arn:aws:automate:us-east-1:ec2:recover"));
    }

    @Test
    void securityGroupHasNoIngressAndEgressOnlyHttpsAndDatabase() {
        var outcome = run(base().database(database().securityGroupId("sg-0db").build()).build());
        RecordingMocks m = outcome.mocks();
        Registered sg = m.single(SG);
        assertThat(sg.inputs()).doesNotContainKeys("ingress", "egress").containsEntry("vpcId", "vpc-0aaa")
            .containsEntry("revokeRulesOnDelete", true);
        assertThat(output(outcome, "securityGroupId")).isEqualTo(sg.id());

        List<Registered> egress = m.ofType(EGRESS);
        assertThat(egress).extracting(Registered::name)
            .containsExactlyInAnyOrder("node-egress-https-s3", "node-egress-https-vpc", "node-egress-db");
        egress.forEach(rule -> assertThat(rule.inputs()).containsEntry("securityGroupId", sg.id())
            .containsEntry("ipProtocol", "tcp"));
        Registered s3 = m.single(EGRESS, n -> n.endsWith("https-s3"));
        assertThat(s3.inputs()).containsEntry("fromPort", 443.0).containsEntry("toPort", 443.0)
            .containsKey("prefixListId").doesNotContainKey("cidrIpv4");
        assertThat((String) s3.input("prefixListId")).startsWith("pl-");
        assertThat(m.single(EGRESS, n -> n.endsWith("https-vpc")).inputs())
            .containsEntry("cidrIpv4", "10.99.0.0/16").containsEntry("fromPort", 443.0);
        assertThat(m.single(EGRESS, n -> n.endsWith("-db")).inputs())
            .containsEntry("referencedSecurityGroupId", "sg-0db").containsEntry("fromPort", 5432.0)
            .containsEntry("toPort", 5432.0).doesNotContainKey("cidrIpv4");

        Registered ingress = m.single(INGRESS);
        assertThat(ingress.inputs()).containsEntry("securityGroupId", "sg-0db")
            .containsEntry("referencedSecurityGroupId", sg.id())
            .containsEntry("fromPort", 5432.0).containsEntry("toPort", 5432.0).containsEntry("ipProtocol", "tcp");
    }

    @Test
    void roleIsAssumedByEc2WithSessionManagerAndAScopedWorkerPolicyWithoutLogsWhenNotShipping() throws Exception {
        var outcome = run(base().build());
        RecordingMocks m = outcome.mocks();
        Registered role = m.single("aws:iam/role:Role");
        JsonNode trust = JSON.readTree((String) role.input("assumeRolePolicy"));
        assertThat(trust.at("/Statement/0/Principal/Service").asText()).isEqualTo("ec2.amazonaws.com");
        assertThat(trust.at("/Statement/0/Action").asText()).isEqualTo("sts:AssumeRole");
        // Session Manager: the SSM agent's own actions, inline; no AWS-managed policy.
        assertThat(m.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).isEmpty();
        JsonNode ssm = JSON.readTree((String) m.single(ROLE_POLICY, n -> n.endsWith("-ssm")).input("policy"));
        List<String> ssmActions = new java.util.ArrayList<>();
        ssm.get("Statement").forEach(st -> {
            if (st.path("Action").isArray()) {
                st.path("Action").forEach(a -> ssmActions.add(a.asText()));
            } else {
                ssmActions.add(st.path("Action").asText());
            }
        });
        assertThat(ssmActions).containsExactlyInAnyOrder("ssm:UpdateInstanceInformation",
            "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel", "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage",
            "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply");
        assertThat(ssm.toString()).doesNotContain("ssm:GetParameter", "ssm:GetDocument", "\"ssm:*\"");
        assertThat(statement(ssm, "SsmAgentRegistration").path("Resource").asText())
            .isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/*");

        Registered bucket = m.single("aws:s3/bucketV2:BucketV2");
        String activity = m.single("aws:sfn/activity:Activity").id();
        JsonNode doc = policy(m);
        // Logs stay in journald by default, so the role may not write to CloudWatch Logs at all.
        assertThat(doc.get("Statement")).extracting(st -> st.path("Sid").asText())
            .containsExactly("ActivityTasks", "ReadDatabaseSecret", "WorkerArtifact");
        assertThat(doc.toString()).doesNotContain("logs:");
        assertThat(JSON.treeToValue(statement(doc, "ActivityTasks"), Map.class)).isEqualTo(Map.of(
            "Sid", "ActivityTasks", "Effect", "Allow",
            "Action", List.of("states:GetActivityTask", "states:SendTaskSuccess", "states:SendTaskFailure",
                "states:SendTaskHeartbeat"),
            "Resource", activity));
        assertThat(JSON.treeToValue(statement(doc, "ReadDatabaseSecret"), Map.class)).isEqualTo(Map.of(
            "Sid", "ReadDatabaseSecret", "Effect", "Allow", "Action", "secretsmanager:GetSecretValue", "Resource", SECRET));
        assertThat(JSON.treeToValue(statement(doc, "WorkerArtifact"), Map.class)).isEqualTo(Map.of(
            "Sid", "WorkerArtifact", "Effect", "Allow", "Action", "s3:GetObject",
            "Resource", "arn:aws:s3:::" + bucket.id() + "/artifacts/batch-worker/*"));
        assertThat(output(outcome, "roleName")).isEqualTo(role.id());
        assertThat(output(outcome, "roleArn")).isEqualTo("arn:aws:iam::123456789012:role/" + role.id());
    }

    @Test
    void withoutARouteToSsm_theAgentsPermissionsAreNotGranted() {
        RecordingMocks m = run(base().sessionManager(false).build()).mocks();
        assertThat(m.ofType(ROLE_POLICY)).extracting(RecordingMocks.Registered::name).noneMatch(n -> n.endsWith("-ssm"));
        assertThat(m.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).isEmpty();
    }

    @Test
    void workerJarIsUploadedAtItsContentAddressedKeyInASecureBucket() {
        var outcome = run(base().build());
        RecordingMocks m = outcome.mocks();
        Registered bucket = m.single("aws:s3/bucketV2:BucketV2");
        assertThat(bucket.name()).isEqualTo("node-artifacts");
        assertThat(m.single("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").input("bucket")).isEqualTo(bucket.id());
        Registered object = m.single(OBJECT, n -> n.equals("node-worker-jar"));
        String key = "artifacts/batch-worker/" + jarSha + ".jar";
        assertThat(object.inputs()).containsEntry("bucket", bucket.id()).containsEntry("key", key)
            .containsEntry("contentType", "application/java-archive");
        assertThat(output(outcome, "workerArtifactKey")).isEqualTo(key);
        assertThat(output(outcome, "artifactBucketName")).isEqualTo(bucket.id());
    }

    @Test
    void userDataCarriesTheSettingsAndTheVolumeIdButNoSecretAndRunsOnEveryBoot() {
        var outcome = run(base().build());
        RecordingMocks m = outcome.mocks();
        String userData = (String) m.single(INSTANCE).input("userData");
        String bucket = m.single("aws:s3/bucketV2:BucketV2").id();
        assertThat(userData)
            .contains("- [scripts-user, always]")
            .contains("ACTIVITY_ARN='" + m.single("aws:sfn/activity:Activity").id() + "'")
            .contains("REGION='us-east-1'")
            .contains("DB_HOST='db.cluster.internal'")
            .contains("DB_PORT='5432'")
            .contains("DB_NAME='ingest'")
            .contains("DB_SECRET_ARN='" + SECRET + "'")
            .contains("DB_SSL_MODE='verify-full'")
            .contains("WORKER_CONCURRENCY='2'")
            .contains("IDLE_SHUTDOWN_SECONDS='900'")
            .contains("HEARTBEAT_INTERVAL_SECONDS='20'")
            .contains("DATA_VOLUME_ID='" + m.single(VOLUME).id() + "'")
            .contains("DATA_DEVICE_NAME='/dev/sdf'")
            .contains("WORK_DIR='/data/work'")
            .contains("ARTIFACT_BUCKET='" + bucket + "'")
            // The jar is named by the pointer object, never by the user data (a new jar must not change it).
            .contains("ARTIFACT_POINTER_KEY='artifacts/batch-worker/current'")
            .doesNotContain(jarSha)
            .contains("WORKER_MAIN_CLASS='com.ingestpipeline.functions.worker.WorkerMain'")
            .contains("SHIP_LOGS='false'")
            .contains("LOG_GROUP_NAME='/ingest-pipeline/node/worker'")
            .doesNotContainIgnoringCase("password");
    }

    @Test
    void everyTaggableChildCarriesTheCallerTagsAndTheComponentTag() {
        var outcome = run(base().tags(List.of(TagArgs.of("team", "data"))).build());
        UnaryOperator<String> label = t -> t;
        for (String type : List.of(INSTANCE, VOLUME, SG, ALARM, EGRESS, "aws:iam/role:Role",
            "aws:iam/instanceProfile:InstanceProfile", "aws:sfn/activity:Activity",
            "aws:cloudwatch/logGroup:LogGroup", "aws:s3/bucketV2:BucketV2")) {
            for (Registered r : outcome.mocks().ofType(type)) {
                assertThat(map(r.input("tags"))).as(label.apply(r.name()))
                    .containsEntry("team", "data").containsEntry("ingestpipeline:component", "node");
            }
        }
    }
}
