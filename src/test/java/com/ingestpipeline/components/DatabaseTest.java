package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.internal.BundledArtifacts;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.core.internal.Internal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {
    static final String INSTANCE = "aws:rds/instance:Instance";
    static final String SG = "aws:ec2/securityGroup:SecurityGroup";
    static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    static final String FUNCTION = "aws:lambda/function:Function";
    static final String INVOCATION = "aws:lambda/invocation:Invocation";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    private final ObjectMapper json = new ObjectMapper();

    static DatabaseArgs.Builder placed() {
        return DatabaseArgs.builder().network(NetworkPlacementArgs.builder().vpcId("vpc-0123456789abcdef0")
            .subnetIds(List.of("subnet-0a", "subnet-0b")).build());
    }

    static MockRun.Outcome run(DatabaseArgs args) {
        return MockRun.run(ctx -> {
            var db = new Database("db", args, null);
            ctx.export("host", db.host);
            ctx.export("port", db.port);
            ctx.export("databaseName", db.databaseName);
            ctx.export("secretArn", db.secretArn);
            ctx.export("securityGroupId", db.securityGroupId);
            ctx.export("instanceArn", db.instanceArn);
            ctx.export("migrationsHash", db.migrationsHash);
        });
    }

    static Object output(MockRun.Outcome outcome, String name) {
        // TestResult.output(name) cannot carry a null value; read the output's data directly.
        return Internal.of(outcome.result().outputs().get(name)).getDataAsync().join().getValueNullable();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> env(Registered function) {
        return (Map<String, Object>) ((Map<String, Object>) function.input("environment")).get("variables");
    }

    JsonNode statements(Registered policy) throws Exception {
        return json.readTree((String) policy.input("policy")).get("Statement");
    }

    @Test
    void defaultsArePrivateEncryptedTlsOnlyWithManagedSecretAndMigrations() throws Exception {
        var outcome = run(placed().tags(List.of(TagArgs.of("team", "data"))).build());
        RecordingMocks m = outcome.mocks();

        Registered sg = m.single(SG, n -> n.equals("db-sg"));
        assertThat(sg.input("vpcId")).isEqualTo("vpc-0123456789abcdef0");
        assertThat(sg.input("ingress")).isNull();
        assertThat(sg.input("egress")).isNull();
        Registered subnets = m.single("aws:rds/subnetGroup:SubnetGroup");
        assertThat(subnets.input("subnetIds")).isEqualTo(List.of("subnet-0a", "subnet-0b"));
        Registered params = m.single("aws:rds/parameterGroup:ParameterGroup");
        assertThat(params.input("family")).isEqualTo("postgres17");
        assertThat(objects(params.input("parameters"))).contains(
            Map.of("name", "rds.force_ssl", "value", "1", "applyMethod", "immediate"),
            Map.of("name", "log_connections", "value", "1", "applyMethod", "immediate"),
            Map.of("name", "log_min_duration_statement", "value", "1000", "applyMethod", "immediate"));

        Registered db = m.single(INSTANCE);
        Map<String, Object> expected = Map.ofEntries(
            Map.entry("engine", "postgres"), Map.entry("engineVersion", "17"),
            Map.entry("instanceClass", "db.t4g.micro"), Map.entry("storageType", "gp3"),
            Map.entry("allocatedStorage", 20.0), Map.entry("maxAllocatedStorage", 100.0),
            Map.entry("storageEncrypted", true), Map.entry("manageMasterUserPassword", true),
            Map.entry("iamDatabaseAuthenticationEnabled", true), Map.entry("publiclyAccessible", false),
            Map.entry("multiAz", false), Map.entry("backupRetentionPeriod", 7.0),
            Map.entry("autoMinorVersionUpgrade", true), Map.entry("allowMajorVersionUpgrade", false),
            Map.entry("copyTagsToSnapshot", true), Map.entry("deletionProtection", true),
            Map.entry("skipFinalSnapshot", false), Map.entry("identifier", "db-instance"),
            Map.entry("deleteAutomatedBackups", false),
            Map.entry("enabledCloudwatchLogsExports", List.of("postgresql", "upgrade")),
            Map.entry("performanceInsightsEnabled", true), Map.entry("performanceInsightsRetentionPeriod", 7.0),
            Map.entry("caCertIdentifier", "rds-ca-rsa2048-g1"), Map.entry("port", 5432.0),
            Map.entry("username", "ingest_admin"), Map.entry("dbName", "ingest"),
            Map.entry("vpcSecurityGroupIds", List.of(sg.id())), Map.entry("dbSubnetGroupName", subnets.id()),
            Map.entry("parameterGroupName", params.id()));
        expected.forEach((k, v) -> assertThat(db.input(k)).as(k).isEqualTo(v));
        assertThat(db.inputs()).doesNotContainKeys("password", "kmsKeyId", "monitoringInterval");
        assertThat(m.ofType("aws:rds/proxy:Proxy")).isEmpty();

        // The only ingress on the database group is the migrate function's own (clients add theirs).
        Registered migrateSg = m.single(SG, n -> n.equals("db-migrate-sg"));
        Registered ingress = m.single(INGRESS);
        assertThat(ingress.input("securityGroupId")).isEqualTo(sg.id());
        assertThat(ingress.input("referencedSecurityGroupId")).isEqualTo(migrateSg.id());
        assertThat(ingress.input("fromPort")).isEqualTo(5432.0);

        String secretArn = (String) output(outcome, "secretArn");
        assertThat(secretArn).startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-");
        Registered function = m.single(FUNCTION);
        assertThat(function.input("handler")).isEqualTo("com.ingestpipeline.functions.ingest.MigrateHandler::handleRequest");
        String address = (String) output(outcome, "host");
        assertThat(env(function)).isEqualTo(Map.of("DB_HOST", address, "DB_PORT", "5432", "DB_NAME", "ingest",
            "DB_SECRET_ARN", secretArn, "DB_SSL_MODE", "verify-full",
            "POWERTOOLS_SERVICE_NAME", "migrate", "POWERTOOLS_LOG_LEVEL", "INFO"));
        JsonNode extra = statements(m.single(ROLE_POLICY, n -> n.equals("db-migrate-policy")));
        JsonNode read = find(extra, "ReadDatabaseSecret");
        assertThat(read.get("Resource").asText()).isEqualTo(secretArn);
        assertThat(read.get("Action").asText()).as("DescribeSecret: nothing calls it").isEqualTo("secretsmanager:GetSecretValue");
        assertThat(find(extra, "DecryptDatabaseSecret")).isNull();

        String hash = BundledArtifacts.migrationsHash();
        Registered invocation = m.single(INVOCATION);
        assertThat(invocation.input("functionName")).isEqualTo(function.id());
        assertThat(invocation.input("qualifier")).isEqualTo("live");
        assertThat(json.readTree((String) invocation.input("input")).get("migrationsHash").asText()).isEqualTo(hash);
        assertThat(invocation.input("triggers")).isEqualTo(Map.of("migrationsHash", hash,
            "database", "arn:aws:rds:us-east-1:123456789012:db:" + db.id()));

        assertThat(output(outcome, "port")).isEqualTo(5432);
        assertThat(output(outcome, "databaseName")).isEqualTo("ingest");
        assertThat(output(outcome, "securityGroupId")).isEqualTo(sg.id());
        assertThat(output(outcome, "instanceArn")).isEqualTo("arn:aws:rds:us-east-1:123456789012:db:" + db.id());
        assertThat(output(outcome, "migrationsHash")).isEqualTo(hash);
        assertThat(address).endsWith(".us-east-1.rds.amazonaws.com");
        assertThat(m.resources()).filteredOn(r -> r.type().startsWith("aws:") && r.inputs().containsKey("tags"))
            .isNotEmpty()
            .allSatisfy(r -> assertThat(((Map<?, ?>) r.input("tags")).get("ingestpipeline:component")).isEqualTo("db"));
    }

    @Test
    void overridesApplyOnTopOfTheDefaults() throws Exception {
        String key = "arn:aws:kms:us-east-1:123456789012:key/abcd-1234";
        var outcome = run(placed().engineVersion("16.4").instanceClass("db.m7g.large").allocatedStorageGb(50)
            .maxAllocatedStorageGb(0).databaseName("files").masterUsername("owner").kmsKeyArn(key).multiAz(true)
            .backupRetentionDays(14).deletionProtection(false).finalSnapshot(false).applyImmediately(true)
            .performanceInsightsRetentionDays(31).monitoringIntervalSeconds(60)
            .parameters(List.of(DatabaseParameterArgs.of("log_min_duration_statement", "250"),
                DatabaseParameterArgs.of("shared_preload_libraries", "pg_stat_statements", "pending-reboot")))
            .allowedSecurityGroupIds(List.of("sg-0aaa", "sg-0bbb"))
            .build());
        RecordingMocks m = outcome.mocks();
        Registered db = m.single(INSTANCE);
        assertThat(db.input("engineVersion")).isEqualTo("16.4");
        assertThat(db.input("instanceClass")).isEqualTo("db.m7g.large");
        assertThat(db.input("allocatedStorage")).isEqualTo(50.0);
        assertThat(db.input("maxAllocatedStorage")).isEqualTo(0.0);
        assertThat(db.input("dbName")).isEqualTo("files");
        assertThat(db.input("username")).isEqualTo("owner");
        assertThat(db.input("kmsKeyId")).isEqualTo(key);
        assertThat(db.input("performanceInsightsKmsKeyId")).isEqualTo(key);
        assertThat(db.input("masterUserSecretKmsKeyId")).isEqualTo(key);
        assertThat(db.input("multiAz")).isEqualTo(true);
        assertThat(db.input("backupRetentionPeriod")).isEqualTo(14.0);
        assertThat(db.input("deletionProtection")).isEqualTo(false);
        assertThat(db.input("skipFinalSnapshot")).isEqualTo(true);
        assertThat(db.input("deleteAutomatedBackups")).isEqualTo(true);
        assertThat(db.inputs()).doesNotContainKey("finalSnapshotIdentifier");
        assertThat(db.input("applyImmediately")).isEqualTo(true);
        assertThat(db.input("performanceInsightsRetentionPeriod")).isEqualTo(31.0);
        assertThat(db.input("monitoringInterval")).isEqualTo(60.0);
        Registered monitoringRole = m.single("aws:iam/role:Role", n -> n.equals("db-monitoring-role"));
        assertThat(db.input("monitoringRoleArn")).isEqualTo("arn:aws:iam::123456789012:role/" + monitoringRole.id());
        JsonNode trust = json.readTree((String) monitoringRole.input("assumeRolePolicy")).get("Statement").get(0);
        assertThat(trust.at("/Principal/Service").asText()).isEqualTo("monitoring.rds.amazonaws.com");
        assertThat(trust.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo("123456789012");
        assertThat(m.single("aws:iam/rolePolicyAttachment:RolePolicyAttachment").input("policyArn"))
            .isEqualTo("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");

        Registered params = m.single("aws:rds/parameterGroup:ParameterGroup");
        assertThat(params.input("family")).isEqualTo("postgres16");
        assertThat(objects(params.input("parameters")))
            .contains(Map.of("name", "log_min_duration_statement", "value", "250", "applyMethod", "immediate"),
                Map.of("name", "shared_preload_libraries", "value", "pg_stat_statements", "applyMethod", "pending-reboot"),
                Map.of("name", "rds.force_ssl", "value", "1", "applyMethod", "immediate"))
            .doesNotContain(Map.of("name", "log_min_duration_statement", "value", "1000", "applyMethod", "immediate"));

        String sgId = m.single(SG, n -> n.equals("db-sg")).id();
        assertThat(m.ofType(INGRESS)).filteredOn(r -> r.name().startsWith("db-allow-"))
            .extracting(r -> r.input("referencedSecurityGroupId")).containsExactlyInAnyOrder("sg-0aaa", "sg-0bbb");
        assertThat(m.ofType(INGRESS)).filteredOn(r -> r.name().startsWith("db-allow-")).allSatisfy(r -> {
            assertThat(r.input("securityGroupId")).isEqualTo(sgId);
            assertThat(r.input("fromPort")).isEqualTo(5432.0);
            assertThat(r.input("toPort")).isEqualTo(5432.0);
        });

        JsonNode decrypt = find(statements(m.single(ROLE_POLICY, n -> n.equals("db-migrate-policy"))), "DecryptDatabaseSecret");
        assertThat(decrypt.get("Action").asText()).isEqualTo("kms:Decrypt");
        assertThat(decrypt.get("Resource").asText()).isEqualTo(key);
        assertThat(decrypt.at("/Condition/StringEquals/kms:ViaService").asText())
            .isEqualTo("secretsmanager.us-east-1.amazonaws.com");
        assertThat(env(m.single(FUNCTION)).get("DB_NAME")).isEqualTo("files");
    }

    @Test
    void migrationsCanBeTurnedOff() {
        var outcome = run(placed().runMigrations(false).build());
        assertThat(outcome.mocks().ofType(FUNCTION)).isEmpty();
        assertThat(outcome.mocks().ofType(INVOCATION)).isEmpty();
        assertThat(outcome.mocks().ofType(INGRESS)).isEmpty();
        assertThat(output(outcome, "migrationsHash")).isNull();
    }

    @SuppressWarnings("unchecked")
    static List<Object> objects(Object list) {
        return (List<Object>) list;
    }

    static JsonNode find(JsonNode statements, String sid) {
        for (JsonNode s : statements) {
            if (sid.equals(s.path("Sid").asText())) {
                return s;
            }
        }
        return null;
    }
}
