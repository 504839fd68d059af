package com.ingestpipeline.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackSettingsTest {
    /** The settings a stack file with these values gives; keys without a namespace are the project's. */
    static StackSettings load(Map<String, String> projectValues) {
        Map<String, String> values = new HashMap<>();
        projectValues.forEach((k, v) -> values.put(k.contains(":") ? k : "ingest-pipeline:" + k, v));
        return StackSettings.load(YamlConfigSource.of(values, "Pulumi.test.yaml"));
    }

    /** The problems these values are refused with (fails when they are accepted). */
    static List<String> problems(Map<String, String> values) {
        try {
            load(values);
        } catch (InvalidSettingsException e) {
            return e.problems();
        }
        throw new AssertionError("expected invalid settings for " + values);
    }

    @Test
    void withNothingSetEverySettingTakesItsDefault() {
        StackSettings s = load(Map.of());
        assertThat(s.environment()).isEqualTo("dev");
        assertThat(s.region()).isEmpty();
        assertThat(s.network().vpcCidr()).isEqualTo("10.0.0.0/16");
        assertThat(s.network().azCount()).isEqualTo(2);
        assertThat(s.network().interfaceEndpoints()).containsExactly("states", "secretsmanager", "ssm", "ssmmessages", "ec2messages");
        assertThat(s.network().bringYourOwnVpc()).isFalse();
        assertThat(s.database().engineVersion()).isEqualTo("17");
        assertThat(s.database().deletionProtection()).isTrue();
        assertThat(s.database().backupRetentionDays()).isEqualTo(7);
        assertThat(s.worker().instanceType()).isEqualTo("t4g.medium");
        assertThat(s.worker().architecture()).isEqualTo("arm64");
        assertThat(s.worker().effectiveIdleShutdownSeconds()).isEqualTo(900);
        // Follows the database: the prod figure, which db.t4g.micro's max_connections has room for.
        assertThat(s.ingest().reservedConcurrency()).hasValue(50);
        assertThat(s.ingest().maxObjectMb()).isEqualTo(5120);
        assertThat(s.ingest().inputPrefix()).isEqualTo("incoming/");
        assertThat(s.ingest().resultsPrefix()).isEqualTo("results/");
        assertThat(s.workflow().workerHeartbeatIntervalSeconds()).isEqualTo(100);
        assertThat(s.kmsKeyArn()).isEmpty();
        assertThat(s.tags()).containsExactly(Map.entry("environment", "dev"));
        assertThat(s.waivers()).isEmpty();
    }

    @Test
    void valuesArriveAsTheStringsPulumiPassesAndAreTyped() {
        Map<String, String> values = new HashMap<>(Map.of("aws:region", "eu-west-1", "environment", "prod",
            "workerInstanceType", "m7i.large",
            "workerCount", "3", "workerAlwaysOn", "true", "lambdaReservedConcurrency", "25",
            "existingVpcId", "vpc-0123456789abcdef0", "existingSubnetIds", "[\"subnet-0aaaaaaa\",\"subnet-0bbbbbbb\"]",
            "tags", "[\"owner=data\",\"environment=production\"]",
            "securityGateWaivers", "[\"EC2.6: flow logs go to the central account\"]"));
        values.put("dbMultiAz", "true");
        StackSettings s = load(values);
        assertThat(s.region()).contains("eu-west-1");
        assertThat(s.isProd()).isTrue();
        assertThat(s.worker().architecture()).isEqualTo("x86_64");
        assertThat(s.worker().count()).isEqualTo(3);
        assertThat(s.worker().effectiveIdleShutdownSeconds()).isZero();
        assertThat(s.ingest().reservedConcurrency()).contains(25);
        assertThat(s.network().bringYourOwnVpc()).isTrue();
        assertThat(s.network().existingSubnetIds()).containsExactly("subnet-0aaaaaaa", "subnet-0bbbbbbb");
        assertThat(s.tags()).containsExactly(Map.entry("owner", "data"), Map.entry("environment", "production"));
        assertThat(s.waivers()).containsExactly(new StackSettings.Waiver("EC2.6", "flow logs go to the central account"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "environment|staging|ingest-pipeline:environment: must be one of dev, prod (got 'staging')",
        "vpcCidr|10.0.0/16|ingest-pipeline:vpcCidr: must be an IPv4 CIDR like 10.0.0.0/16 with a prefix /16 to /24 (got '10.0.0/16')",
        "vpcCidr|10.0.0.0/8|ingest-pipeline:vpcCidr: must be an IPv4 CIDR like 10.0.0.0/16 with a prefix /16 to /24 (got /8)",
        "vpcCidr|10.0.300.0/16|ingest-pipeline:vpcCidr: must be an IPv4 CIDR like 10.0.0.0/16 with a prefix /16 to /24 (got '10.0.300.0/16')",
        "vpcCidr|10.0.1.0/16|ingest-pipeline:vpcCidr: host bits are set: the network address is 10.0.0.0/16 (got '10.0.1.0/16')",
        "azCount|1|ingest-pipeline:azCount: must be 2..4 (got 1)",
        "azCount|two|ingest-pipeline:azCount: must be a whole number 2..4 (got 'two')",
        "interfaceEndpoints|[\"states\",\"dynamo\"]|ingest-pipeline:interfaceEndpoints: 'dynamo' is not one of [states, secretsmanager, ssm, ssmmessages, ec2messages, logs, kms, sts, monitoring, sqs, lambda, ec2]",
        "interfaceEndpoints|[\"ssm\",\"ssm\"]|ingest-pipeline:interfaceEndpoints: 'ssm' is listed twice",
        "interfaceEndpoints|states|ingest-pipeline:interfaceEndpoints: must be a list of strings, e.g. [\"a\", \"b\"] (got states)",
        "singleAzEndpoints|yes|ingest-pipeline:singleAzEndpoints: must be true or false (got 'yes')",
        "existingVpcId|vpc-12|ingest-pipeline:existingVpcId: must look like vpc-0123abcd (got 'vpc-12')",
        "existingSubnetIds|[\"subnet-0aaaaaaa\"]|ingest-pipeline:existingSubnetIds: is only allowed together with existingVpcId",
        "dbEngineVersion|15|ingest-pipeline:dbEngineVersion: must be PostgreSQL 16 or 17, e.g. 17 or 16.9 (got '15')",
        "dbInstanceClass|t4g.micro|ingest-pipeline:dbInstanceClass: must be an RDS class like db.t4g.micro (got 't4g.micro')",
        "dbAllocatedStorageGb|10|ingest-pipeline:dbAllocatedStorageGb: must be 20..65536 (got 10)",
        "dbMaxAllocatedStorageGb|10|ingest-pipeline:dbMaxAllocatedStorageGb: must be 0 (no autoscaling) or 22..65536, at least 10% above dbAllocatedStorageGb 20 (got 10)",
        "dbBackupRetentionDays|1|ingest-pipeline:dbBackupRetentionDays: must be 7..35 (got 1)",
        "dbName|1db|ingest-pipeline:dbName: must start with a letter and hold only letters, digits and _ (at most 63) (got '1db')",
        "dbMasterUsername|postgres|ingest-pipeline:dbMasterUsername: must not be a well-known admin name (admin, administrator, postgres, rdsadmin, root) (got 'postgres')",
        "dbMasterUsername|my-user|ingest-pipeline:dbMasterUsername: must start with a letter and hold only letters, digits and _ (got 'my-user')",
        "workerInstanceType|large|ingest-pipeline:workerInstanceType: must be <family>.<size>, e.g. t4g.medium (got 'large')",
        "workerCount|0|ingest-pipeline:workerCount: must be 1..20 (got 0)",
        "workerVolumeSizeGb|0|ingest-pipeline:workerVolumeSizeGb: must be 1..16384 (got 0)",
        "workerVolumeIops|2000|ingest-pipeline:workerVolumeIops: must be 3000..16000 (got 2000)",
        "workerVolumeThroughputMbps|1001|ingest-pipeline:workerVolumeThroughputMbps: must be 125..1000 (got 1001)",
        "workerVolumeThroughputMbps|1000|ingest-pipeline:workerVolumeThroughputMbps: must be at most IOPS/4 on gp3: 750 for 3000 IOPS (got 1000)",
        "workerIdleShutdownSeconds|30|ingest-pipeline:workerIdleShutdownSeconds: must be 60..86400 (got 30)",
        "workerAlwaysOn|1|ingest-pipeline:workerAlwaysOn: must be true or false (got '1')",
        "workerConcurrency|65|ingest-pipeline:workerConcurrency: must be 1..64 (got 65)",
        "lambdaMemoryMb|64|ingest-pipeline:lambdaMemoryMb: must be 128..10240 (got 64)",
        "lambdaTimeoutSeconds|901|ingest-pipeline:lambdaTimeoutSeconds: must be 1..900 (got 901)",
        "lambdaReservedConcurrency|1001|ingest-pipeline:lambdaReservedConcurrency: must be -1..1000 (got 1001)",
        "maxObjectMb|0|ingest-pipeline:maxObjectMb: must be 1..5242880 (got 0)",
        "inputPrefix|incoming|ingest-pipeline:inputPrefix: must be a key prefix like incoming/ (not empty, ends with /, no leading /, no *) (got 'incoming')",
        "resultsPrefix|incoming/results/|ingest-pipeline:resultsPrefix: must not overlap inputPrefix, or results would trigger ingestion again (inputPrefix 'incoming/', resultsPrefix 'incoming/results/')",
        "inputSuffixes|[\"*.csv\"]|ingest-pipeline:inputSuffixes: each must be a literal, non-empty suffix like .csv (got '*.csv')",
        "logRetentionDays|10|ingest-pipeline:logRetentionDays: must be one of [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] (got 10)",
        "kmsKeyArn|my-key|ingest-pipeline:kmsKeyArn: must be a KMS key or alias ARN (got 'my-key')",
        "taskTimeoutSeconds|30|ingest-pipeline:taskTimeoutSeconds: must be 60..604800 (got 30)",
        "heartbeatSeconds|3600|ingest-pipeline:heartbeatSeconds: must be below taskTimeoutSeconds (3600) (got 3600)",
        "maxWorkerRestarts|11|ingest-pipeline:maxWorkerRestarts: must be 0..10 (got 11)",
        "workflowLogLevel|DEBUG|ingest-pipeline:workflowLogLevel: must be one of ALL, ERROR, FATAL, OFF (got 'DEBUG')",
        "tags|[\"owner\"]|ingest-pipeline:tags: each must be \"key=value\" (got 'owner')",
        "tags|[\"aws:owner=x\"]|ingest-pipeline:tags: keys starting with aws: are reserved by AWS (got 'aws:owner')",
        "tags|[\"a=1\",\"a=2\"]|ingest-pipeline:tags: key 'a' appears twice",
        "securityGateWaivers|[\"S3.5\"]|ingest-pipeline:securityGateWaivers: waiver of S3.5 needs a reason: \"S3.5: why\"",
        "securityGateWaivers|[\"everything: trust me\"]|ingest-pipeline:securityGateWaivers: each must start with a control id like S3.5 (got 'everything: trust me')",
        "workerVolumSizeGb|50|ingest-pipeline:workerVolumSizeGb: unknown setting (did you mean workerVolumeSizeGb?)",
    })
    void eachBadValueIsReportedWithItsKeyAndWhatIsAllowed(String key, String value, String expected) {
        assertThat(problems(Map.of(key, value))).contains(expected).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aSqlJobFileThatIsNotThereIsReportedWithItsKey_andOneThatIsIsTheWorkersJob() {
        assertThat(problems(Map.of("workerSqlJob", "jobs/missing.sql"))).containsExactly(
            "ingest-pipeline:workerSqlJob: must be a readable file (got jobs/missing.sql, read from "
                + java.nio.file.Path.of("").toAbsolutePath() + ")");
        // The example's SQL job, from the repository root (where the build runs the stack's tests).
        String example = "examples/byo-vpc/jobs/orders-by-city.sql";
        assertThat(load(Map.of("workerSqlJob", example)).worker().sqlJobPath()).contains(example);
    }

    @Test
    void anUnknownInstanceFamilyIsAnErrorNotAGuessedArchitecture() {
        assertThat(problems(Map.of("workerInstanceType", "z9x.large"))).singleElement().asString()
            .startsWith("ingest-pipeline:workerInstanceType: unknown instance type family 'z9x' (known: a1, c5,");
    }

    @Test
    void iopsAboveFiveHundredPerGibIsRejected() {
        assertThat(problems(Map.of("workerVolumeSizeGb", "8", "workerVolumeIops", "4500")))
            .containsExactly("ingest-pipeline:workerVolumeIops: must be at most 500 per GiB above the 3000 gp3 baseline: 4000 for 8 GiB (got 4500)");
    }

    @Test
    void aSmallVolumeKeepsTheGp3Baseline() {
        StackSettings s = load(Map.of("workerVolumeSizeGb", "4", "workerVolumeIops", "3000"));
        assertThat(s.worker().volumeSizeGb()).isEqualTo(4);
        assertThat(s.worker().volumeIops()).isEqualTo(3000);
    }

    @Test
    void anExistingVpcNeedsTwoSubnets() {
        assertThat(problems(Map.of("existingVpcId", "vpc-0123456789abcdef0", "existingSubnetIds", "[\"subnet-0aaaaaaa\"]")))
            .containsExactly("ingest-pipeline:existingSubnetIds: needs at least 2 subnets in different AZs when existingVpcId is set (got 1)");
    }

    @Test
    void prodRefusesADeletableDatabase() {
        assertThat(problems(Map.of("environment", "prod", "dbMultiAz", "true", "dbDeletionProtection", "false",
            "dbFinalSnapshot", "false")))
            .containsExactly("ingest-pipeline:dbDeletionProtection: must be true when environment is prod (RDS.8)",
                "ingest-pipeline:dbFinalSnapshot: must be true when environment is prod");
    }

    @Test
    void prod_reportsEveryProdRuleInOneRun_andAWaiverOfAMandatoryControlIsItselfAnError() {
        assertThat(problems(Map.of("environment", "prod", "dbMultiAz", "false", "dbDeletionProtection", "false",
            "s3AccessLogs", "false", "securityGateWaivers",
            "[\"RDS.5: single AZ\", \"RDS.8: disposable\", \"S3.9: no logs\", \"EC2.6: central flow logs\"]")))
            .containsExactlyInAnyOrder(
                "ingest-pipeline:dbMultiAz: must be true when environment is prod (RDS.5)",
                "ingest-pipeline:dbDeletionProtection: must be true when environment is prod (RDS.8)",
                "ingest-pipeline:s3AccessLogs: must not be false when environment is prod (S3.9)",
                "ingest-pipeline:securityGateWaivers: RDS.5 is mandatory in prod and cannot be waived (got 'RDS.5: single AZ')",
                "ingest-pipeline:securityGateWaivers: RDS.8 is mandatory in prod and cannot be waived (got 'RDS.8: disposable')",
                "ingest-pipeline:securityGateWaivers: S3.9 is mandatory in prod and cannot be waived (got 'S3.9: no logs')");
        // Outside prod the same waivers stand (dev may run a single, deletable, unlogged database and buckets).
        assertThat(load(Map.of("securityGateWaivers", "[\"RDS.5: single AZ\", \"RDS.8: disposable\"]")).waivers())
            .extracting(StackSettings.Waiver::control).containsExactly("RDS.5", "RDS.8");
    }

    @Test
    void s3AccessLogs_areOnByDefaultInProdOnly_andASettingElsewhere() {
        assertThat(load(Map.of()).s3AccessLogs()).isFalse();
        assertThat(load(Map.of("s3AccessLogs", "true")).s3AccessLogs()).isTrue();
        assertThat(load(Map.of("environment", "prod", "dbMultiAz", "true")).s3AccessLogs()).isTrue();
        assertThat(problems(Map.of("s3AccessLogs", "sometimes")))
            .containsExactly("ingest-pipeline:s3AccessLogs: must be one of auto, true, false (got 'sometimes')");
    }

    @Test
    void aKeyUnderAMisspeltNamespace_isAnErrorWithASuggestion_whileProviderNamespacesAreFine() {
        assertThat(problems(Map.of("ingest-pipline:lambdaMemoryMb", "512", "aws:region", "us-east-1",
            "pulumi:template", "x", "ingestpipeline:workerCount", "2", "foo:bar", "1")))
            .containsExactly(
                "foo:bar: unknown namespace 'foo' (use ingest-pipeline:, aws: or pulumi:)",
                "ingest-pipline:lambdaMemoryMb: unknown namespace 'ingest-pipline' (did you mean ingest-pipeline:lambdaMemoryMb?)",
                "ingestpipeline:workerCount: unknown namespace 'ingestpipeline' (did you mean ingest-pipeline:workerCount?)");
    }

    @Test
    void shippingWorkerLogsNeedsTheLogsEndpointInACreatedVpc() {
        assertThat(load(Map.of()).worker().shipLogs()).isFalse();
        assertThat(problems(Map.of("workerShipLogs", "true")))
            .containsExactly("ingest-pipeline:workerShipLogs: needs the logs interface endpoint: add \"logs\" to interfaceEndpoints");
        assertThat(load(Map.of("workerShipLogs", "true", "interfaceEndpoints", "[\"states\",\"secretsmanager\",\"logs\"]"))
            .worker().shipLogs()).isTrue();
        // An existing VPC's endpoints are its owner's: not checked.
        assertThat(load(Map.of("workerShipLogs", "true", "existingVpcId", "vpc-0123456789abcdef0",
            "existingSubnetIds", "[\"subnet-0aaaaaaa\",\"subnet-0bbbbbbb\"]")).worker().shipLogs()).isTrue();
    }

    @Test
    void everyProblemIsReportedAtOnceInOneMessage() {
        assertThatThrownBy(() -> load(Map.of("workerVolumeSizeGb", "0", "workerInstanceType", "q1.large",
            "vpcCidr", "banana", "lambdaMemoryMb", "64")))
            .isInstanceOf(InvalidSettingsException.class)
            .hasMessageStartingWith("Invalid stack settings in Pulumi.test.yaml (4 problems):\n  - ")
            .hasMessageContaining("ingest-pipeline:workerVolumeSizeGb: must be 1..16384 (got 0)")
            .hasMessageContaining("ingest-pipeline:workerInstanceType: unknown instance type family 'q1'")
            .hasMessageContaining("ingest-pipeline:vpcCidr: must be an IPv4 CIDR")
            .hasMessageContaining("ingest-pipeline:lambdaMemoryMb: must be 128..10240 (got 64)");
    }

    @Test
    void instanceTypeArchitectureComesFromTheFamily() {
        assertThat(InstanceTypes.architecture("t4g.small")).contains("arm64");
        assertThat(InstanceTypes.architecture("c7gn.xlarge")).contains("arm64");
        assertThat(InstanceTypes.architecture("g4dn.xlarge")).contains("x86_64");
        assertThat(InstanceTypes.architecture("m7i-flex.large")).contains("x86_64");
        assertThat(InstanceTypes.architecture("t4g")).isEqualTo(Optional.empty());
        assertThat(InstanceTypes.architecture("zz9.large")).isEmpty();
        // The stack and the BatchComputeNode derive the architecture by the same rule.
        assertThat(InstanceTypes.knownFamilies()).allSatisfy(f -> assertThat(InstanceTypes.architecture(f + ".large"))
            .contains(com.ingestpipeline.components.internal.InstanceArchitecture.of(f + ".large")));
    }

    @Test
    void anUnsetStorageCeilingFollowsTheStorageWhileAnExplicitOneMustLeaveTenPercent() {
        assertThat(load(Map.of("dbAllocatedStorageGb", "100")).database().maxAllocatedStorageGb()).isEqualTo(126);
        assertThat(load(Map.of()).database().maxAllocatedStorageGb()).isEqualTo(100);
        assertThat(problems(Map.of("dbAllocatedStorageGb", "100", "dbMaxAllocatedStorageGb", "105")))
            .containsExactly("ingest-pipeline:dbMaxAllocatedStorageGb: must be 0 (no autoscaling) or 110..65536, at least 10% above dbAllocatedStorageGb 100 (got 105)");
        assertThat(load(Map.of("dbAllocatedStorageGb", "100", "dbMaxAllocatedStorageGb", "0")).database().maxAllocatedStorageGb()).isZero();
    }

    @Test
    void ingestConcurrencyThatCouldExceedTheDatabaseConnectionsIsRejectedNamingTheKeys() {
        assertThat(problems(Map.of("dbInstanceClass", "db.t4g.micro", "lambdaReservedConcurrency", "200")))
            .anySatisfy(p -> assertThat(p)
                .startsWith("ingest-pipeline:lambdaReservedConcurrency: 200 ingest environments")
                .contains("max_connections 112 of db.t4g.micro", "use at most 100",
                    "keys: lambdaReservedConcurrency, dbInstanceClass, workerCount, dbProxy"));
        assertThat(problems(Map.of("lambdaReservedConcurrency", "-1"))).singleElement().asString()
            .contains("lambdaReservedConcurrency", "unreserved ingest function");
    }

    @Test
    void moreWorkersLeaveLessRoomAndTheProxyLiftsTheLimit() {
        assertThat(problems(Map.of("lambdaReservedConcurrency", "90", "workerCount", "20")))
            .anySatisfy(p -> assertThat(p).contains("lambdaReservedConcurrency", "use at most 81"));
        assertThat(load(Map.of("lambdaReservedConcurrency", "90")).ingest().reservedConcurrency()).hasValue(90);
        assertThat(load(Map.of("lambdaReservedConcurrency", "-1", "dbProxy", "true")).ingest().reservedConcurrency()).isEmpty();
    }
}
