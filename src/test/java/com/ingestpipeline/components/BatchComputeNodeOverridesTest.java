package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.ingestpipeline.components.BatchComputeNodeTest.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each setting changes what the children receive; bad settings fail before anything is created. */
class BatchComputeNodeOverridesTest {
    @BeforeAll
    static void jar() throws Exception {
        BatchComputeNodeTest.workerJar();
    }

    @Test
    void workersSpreadOverTheSubnetsEachWithAVolumeInItsZoneAnAttachmentAndAnAlarm() {
        var outcome = run(base().workerCount(3).build());
        RecordingMocks m = outcome.mocks();
        // Registration order is asynchronous; the index is in the name.
        List<Registered> instances = byName(m.ofType(INSTANCE));
        assertThat(instances).extracting(Registered::name).containsExactly("node-worker-0", "node-worker-1", "node-worker-2");
        assertThat(instances).extracting(i -> i.input("subnetId")).containsExactly("subnet-0a", "subnet-0b", "subnet-0a");
        for (int i = 0; i < 3; i++) {
            Registered volume = m.single(VOLUME, ("node-data-" + i)::equals);
            String subnet = (String) instances.get(i).input("subnetId");
            assertThat(volume.input("availabilityZone")).isEqualTo(output(outcome, "az-" + subnet));
            Registered attachment = m.single(ATTACHMENT, ("node-data-attach-" + i)::equals);
            assertThat(attachment.inputs()).containsEntry("instanceId", instances.get(i).id())
                .containsEntry("volumeId", volume.id());
            assertThat((String) instances.get(i).input("userData")).contains("DATA_VOLUME_ID='" + volume.id() + "'");
            assertThat(m.single(ALARM, ("node-recover-" + i)::equals).input("dimensions"))
                .isEqualTo(Map.of("InstanceId", instances.get(i).id()));
        }
        assertThat(output(outcome, "instanceIds")).isEqualTo(instances.stream().map(Registered::id).toList());
        assertThat(output(outcome, "volumeIds")).isEqualTo(byName(m.ofType(VOLUME)).stream().map(Registered::id).toList());
        // One activity, one role, one security group for all workers: they all poll the same queue of tasks.
        assertThat(m.ofType("aws:sfn/activity:Activity")).hasSize(1);
        assertThat(m.ofType(SG)).hasSize(1);
    }

    private static List<Registered> byName(List<Registered> resources) {
        return resources.stream().sorted(java.util.Comparator.comparing(Registered::name)).toList();
    }

    @Test
    void anX86InstanceTypeGetsTheX86Ami() {
        var outcome = run(base().instanceType("m7i.large").build());
        Registered instance = outcome.mocks().single(INSTANCE);
        assertThat(instance.input("instanceType")).isEqualTo("m7i.large");
        assertThat(instance.input("ami")).isEqualTo(output(outcome, "ami-x86_64")).isNotEqualTo(output(outcome, "ami-arm64"));
    }

    @Test
    void aFixedAmiSkipsTheSsmLookup() {
        var outcome = run(base().amiId("ami-0123456789abcdef0").build());
        assertThat(outcome.mocks().single(INSTANCE).input("ami")).isEqualTo("ami-0123456789abcdef0");
    }

    @Test
    void userDataReplaceOnChangeLeavesTheVolumeIdOutSoANewVolumeNeverReplacesTheInstance() {
        var outcome = run(base().userDataReplaceOnChange(true).build());
        Registered instance = outcome.mocks().single(INSTANCE);
        assertThat(instance.input("userDataReplaceOnChange")).isEqualTo(true);
        assertThat((String) instance.input("userData")).contains("DATA_VOLUME_ID=''").contains("DATA_DEVICE_NAME='/dev/sdf'");
    }

    @Test
    void alwaysOnNeverPowersOffAndWorkerSettingsReachTheUserData() {
        var outcome = run(base().alwaysOn(true).idleShutdownSeconds(0).workerConcurrency(4).heartbeatIntervalSeconds(30)
            .database(database().port(6432).sslMode("verify-ca").build()).workerJavaOptions("-Xmx1g").build());
        assertThat((String) outcome.mocks().single(INSTANCE).input("userData"))
            .contains("IDLE_SHUTDOWN_SECONDS='0'").contains("WORKER_CONCURRENCY='4'")
            .contains("HEARTBEAT_INTERVAL_SECONDS='30'").contains("DB_PORT='6432'").contains("DB_SSL_MODE='verify-ca'")
            .contains("WORKER_JAVA_OPTIONS='-Xmx1g'");
        assertThat(outcome.mocks().single(EGRESS, n -> n.endsWith("-db")).input("fromPort")).isEqualTo(6432.0);
    }

    @Test
    void dataVolumeSettingsAndKmsKeysApply() throws Exception {
        String volumeKey = "arn:aws:kms:us-east-1:123456789012:key/vol";
        String secretKey = "arn:aws:kms:us-east-1:123456789012:key/secret";
        var outcome = run(base()
            .dataVolume(BatchDataVolumeArgs.builder().sizeGib(500).iops(6000).throughputMibps(500)
                .kmsKeyArn(volumeKey).finalSnapshot(false).deviceName("/dev/sdg").fileSystem("ext4").build())
            .rootVolumeSizeGib(32)
            .database(database().secretKmsKeyArn(secretKey).build())
            .build());
        RecordingMocks m = outcome.mocks();
        assertThat(m.single(VOLUME).inputs()).containsEntry("size", 500.0).containsEntry("iops", 6000.0)
            .containsEntry("throughput", 500.0).containsEntry("kmsKeyId", volumeKey).containsEntry("finalSnapshot", false)
            .containsEntry("encrypted", true);
        assertThat(m.single(ATTACHMENT).input("deviceName")).isEqualTo("/dev/sdg");
        assertThat(map(m.single(INSTANCE).input("rootBlockDevice"))).containsEntry("volumeSize", 32.0);
        assertThat((String) m.single(INSTANCE).input("userData")).contains("DATA_FS_TYPE='ext4'")
            .contains("DATA_DEVICE_NAME='/dev/sdg'");
        JsonNode key = statement(policy(m), "DecryptDatabaseSecret");
        assertThat(key.get("Action").asText()).isEqualTo("kms:Decrypt");
        assertThat(key.get("Resource").asText()).isEqualTo(secretKey);
        assertThat(key.at("/Condition/StringEquals/kms:ViaService").asText()).isEqualTo("secretsmanager.us-east-1.amazonaws.com");
    }

    @Test
    void aSmallGp3VolumeKeepsTheBaseline3000Iops() {
        // AWS includes 3000 IOPS with every gp3 volume; 500 per GiB limits only IOPS above that.
        var outcome = run(base().dataVolume(BatchDataVolumeArgs.builder().sizeGib(4).build()).build());
        assertThat(outcome.mocks().single(VOLUME).inputs()).containsEntry("size", 4.0).containsEntry("iops", 3000.0);
    }

    @Test
    void shippingLogsGrantsTheAgentItsLogGroupOnlyAndTellsTheUserData() throws Exception {
        var outcome = run(base().shipLogs(true).build());
        RecordingMocks m = outcome.mocks();
        JsonNode logs = statement(policy(m), "WorkerLogs");
        assertThat(JSON.treeToValue(logs, Map.class)).isEqualTo(Map.of(
            "Sid", "WorkerLogs", "Effect", "Allow",
            "Action", List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
            "Resource", "arn:aws:logs:us-east-1:123456789012:log-group:/ingest-pipeline/node/worker:*"));
        assertThat(m.single("aws:cloudwatch/logGroup:LogGroup").input("name")).isEqualTo("/ingest-pipeline/node/worker");
        assertThat((String) m.single(INSTANCE).input("userData")).contains("SHIP_LOGS='true'")
            .contains("LOG_GROUP_NAME='/ingest-pipeline/node/worker'")
            .contains("configure_log_shipping() {");
    }

    @Test
    void anExistingArtifactBucketIsUsedAndNoBucketIsCreated() throws Exception {
        var outcome = run(base().artifactBucketName("shared-artifacts")
            .artifactBucketKmsKeyArn("arn:aws:kms:us-east-1:123456789012:key/art").build());
        RecordingMocks m = outcome.mocks();
        assertThat(m.ofType("aws:s3/bucketV2:BucketV2")).isEmpty();
        assertThat(m.ofType(OBJECT)).hasSize(2).allSatisfy(o -> assertThat(o.input("bucket")).isEqualTo("shared-artifacts"));
        JsonNode doc = policy(m);
        assertThat(statement(doc, "WorkerArtifact").get("Resource").asText())
            .isEqualTo("arn:aws:s3:::shared-artifacts/artifacts/batch-worker/*");
        assertThat(statement(doc, "WorkerArtifactKey").at("/Condition/StringEquals/kms:ViaService").asText())
            .isEqualTo("s3.us-east-1.amazonaws.com");
        assertThat((String) m.single(INSTANCE).input("userData")).contains("ARTIFACT_BUCKET='shared-artifacts'");
        assertThat(output(outcome, "artifactBucketName")).isEqualTo("shared-artifacts");
    }

    @Test
    void withoutADatabaseGroupDatabaseEgressGoesToTheVpcAndNoIngressIsAdded() {
        var outcome = run(base().network(network().vpcCidr("10.1.0.0/16").s3PrefixListId("pl-0s3").build()).build());
        RecordingMocks m = outcome.mocks();
        assertThat(m.ofType(INGRESS)).isEmpty();
        assertThat(m.single(EGRESS, n -> n.endsWith("-db")).inputs()).containsEntry("cidrIpv4", "10.1.0.0/16")
            .doesNotContainKey("referencedSecurityGroupId");
        assertThat(m.single(EGRESS, n -> n.endsWith("https-vpc")).input("cidrIpv4")).isEqualTo("10.1.0.0/16");
        assertThat(m.single(EGRESS, n -> n.endsWith("https-s3")).input("prefixListId")).isEqualTo("pl-0s3");
    }

    @Test
    void explicitHttpsEgressCidrsReplaceTheVpcCidr() {
        var outcome = run(base().httpsEgressCidrs(List.of("10.0.0.0/24", "10.0.1.0/24")).build());
        RecordingMocks m = outcome.mocks();
        assertThat(m.ofType(EGRESS)).extracting(Registered::name).containsExactlyInAnyOrder(
            "node-egress-https-s3", "node-egress-https-0", "node-egress-https-1", "node-egress-db");
        assertThat(m.single(EGRESS, "node-egress-https-1"::equals).input("cidrIpv4")).isEqualTo("10.0.1.0/24");
    }

    @Test
    void aNameWhoseGeneratedChildNamesPassAwsLimits_isRefusedBeforeAnythingIsCreated() {
        String name = "analytics-" + "x".repeat(50);
        var outcome = MockRun.runAllowingErrors(ctx -> new BatchComputeNode(name, BatchComputeNodeTest.base().build(), null));
        assertThat(outcome.mocks().resources()).isEmpty();
        assertThat(String.valueOf(outcome.result().exceptions()))
            .contains("BatchComputeNode name '" + name + "': its worker role would be named '" + name + "-role-'")
            .contains("over AWS's limit of 64")
            .contains("its artifacts bucket would be named '" + name + "-artifacts-'");
    }

    @Test
    void everyBadSettingIsReportedInOneErrorBeforeAnythingIsCreated() {
        BatchComputeNodeArgs bad = BatchComputeNodeArgs.builder()
            .network(NetworkPlacementArgs.builder().subnetIds(List.of("subnet-0a")).build())
            .database(DatabaseConnectionArgs.builder().host("db").name("ingest").sslMode("disable").build())
            .instanceType("t4g")
            .workerCount(0)
            .dataVolume(BatchDataVolumeArgs.builder().sizeGib(4).iops(3500).throughputMibps(1000)
                .deviceName("/dev/xvda").fileSystem("btrfs").build())
            .alwaysOn(true).idleShutdownSeconds(600)
            .heartbeatIntervalSeconds(1)
            .workerJarPath("/nonexistent/worker.jar")
            .workerJavaOptions("-Dx=$(reboot)")
            .artifactBucketName("shared").artifactBucketForceDestroy(true)
            .logRetentionDays(10)
            .httpsEgressCidrs(List.of("0.0.0.0/33"))
            .build();
        assertThatThrownBy(() -> BatchComputeNodeDefaults.resolve(bad))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("BatchComputeNodeArgs: network.vpcId is required; database.secretArn is required; "
                + "database.sslMode must be one of [verify-full, verify-ca, require] (got disable); "
                + "instanceType must look like <family>.<size>, e.g. t4g.medium (got t4g); "
                + "workerCount must be 1..20 (got 0); "
                + "dataVolume.iops must be at most 500 per GiB above the 3000 gp3 baseline: 3000 for 4 GiB (got 3500); "
                + "dataVolume.throughputMibps must be at most IOPS/4 on gp3: 875 for 3500 IOPS (got 1000); "
                + "dataVolume.deviceName must be /dev/sdf to /dev/sdp (got /dev/xvda); "
                + "dataVolume.fileSystem must be one of [xfs, ext4] (got btrfs); "
                + "alwaysOn and idleShutdownSeconds are mutually exclusive (an always-on worker never powers off; "
                + "got idleShutdownSeconds 600); "
                + "heartbeatIntervalSeconds must be 5..3600 (got 1); "
                + "workerJavaOptions may contain only letters, digits, spaces and :=+._/%- (got -Dx=$(reboot)); "
                + "workerJarPath must be a readable file (got /nonexistent/worker.jar); "
                + "artifactBucketName and the new-bucket settings (artifactBucketForceDestroy, "
                + "artifactBucketAccessLogBucketName) are mutually exclusive; "
                + "logRetentionDays must be one of [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, "
                + "1096, 1827, 2192, 2557, 2922, 3288, 3653] (got 10); "
                + "httpsEgressCidrs entries must be IPv4 CIDRs like 10.0.0.0/16 (got 0.0.0.0/33)");

        var outcome = MockRun.runAllowingErrors(ctx -> new BatchComputeNode("node", bad, null));
        assertThat(outcome.result().exitCode()).isNotZero();
        assertThat(outcome.mocks().resources()).isEmpty();
    }

    @Test
    void anEmptySubnetListFailsTheProgramWithAClearMessage() {
        var outcome = MockRun.runAllowingErrors(ctx -> new BatchComputeNode("node",
            base().network(network().subnetIds(List.of()).build()).build(), null));
        assertThat(outcome.result().exitCode()).isNotZero();
        assertThat(outcome.result().exceptions().toString() + outcome.result().errors())
            .contains("BatchComputeNodeArgs: network.subnetIds must not be empty");
        assertThat(outcome.mocks().ofType(INSTANCE)).isEmpty();
    }
}
