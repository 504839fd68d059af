package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.ingestpipeline.components.DatabaseTest.EGRESS;
import static com.ingestpipeline.components.DatabaseTest.FUNCTION;
import static com.ingestpipeline.components.DatabaseTest.INGRESS;
import static com.ingestpipeline.components.DatabaseTest.INSTANCE;
import static com.ingestpipeline.components.DatabaseTest.SG;
import static com.ingestpipeline.components.DatabaseTest.env;
import static com.ingestpipeline.components.DatabaseTest.output;
import static com.ingestpipeline.components.DatabaseTest.placed;
import static com.ingestpipeline.components.DatabaseTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RDS Proxy, the bring-your-own-database path and the validation of {@link DatabaseArgs}. */
class DatabaseProxyExistingTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void proxyRequiresTlsReadsOnlyTheSecretAndBecomesTheHost() throws Exception {
        var outcome = run(placed().proxy(true).proxyIdleClientTimeoutSeconds(600).build());
        RecordingMocks m = outcome.mocks();
        Registered sg = m.single(SG, n -> n.equals("db-sg"));
        Registered db = m.single(INSTANCE);
        String secretArn = (String) output(outcome, "secretArn");

        Registered proxy = m.single("aws:rds/proxy:Proxy");
        assertThat(proxy.input("engineFamily")).isEqualTo("POSTGRESQL");
        assertThat(proxy.input("requireTls")).isEqualTo(true);
        assertThat(proxy.input("debugLogging")).isEqualTo(false);
        assertThat(proxy.input("idleClientTimeout")).isEqualTo(600.0);
        assertThat(proxy.input("vpcSubnetIds")).isEqualTo(List.of("subnet-0a", "subnet-0b"));
        assertThat(proxy.input("vpcSecurityGroupIds")).isEqualTo(List.of(sg.id()));
        assertThat(proxy.input("auths")).isEqualTo(List.of(Map.of("authScheme", "SECRETS", "secretArn", secretArn,
            "iamAuth", "DISABLED", "clientPasswordAuthType", "POSTGRES_SCRAM_SHA_256",
            "description", "RDS-managed master secret")));

        Registered role = m.single("aws:iam/role:Role", n -> n.equals("db-proxy-role"));
        assertThat(proxy.input("roleArn")).isEqualTo("arn:aws:iam::123456789012:role/" + role.id());
        JsonNode trust = json.readTree((String) role.input("assumeRolePolicy")).get("Statement").get(0);
        assertThat(trust.at("/Principal/Service").asText()).isEqualTo("rds.amazonaws.com");
        assertThat(trust.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo("123456789012");
        JsonNode policy = json.readTree((String) m.single("aws:iam/rolePolicy:RolePolicy",
            n -> n.equals("db-proxy-policy")).input("policy")).get("Statement");
        assertThat(policy).hasSize(1);
        assertThat(policy.get(0).get("Resource").asText()).isEqualTo(secretArn);

        Registered target = m.single("aws:rds/proxyTarget:ProxyTarget");
        assertThat(target.input("dbProxyName")).isEqualTo(proxy.id());
        assertThat(target.input("dbInstanceIdentifier")).isEqualTo(db.name());
        assertThat(m.single("aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup").input("connectionPoolConfig"))
            .isEqualTo(Map.of("maxConnectionsPercent", 90.0, "connectionBorrowTimeout", 120.0));

        // Instance and proxy share the group; the proxy reaches the instance through a self-reference only.
        Registered selfIn = m.single(INGRESS, n -> n.equals("db-proxy-to-instance-in"));
        assertThat(selfIn.input("securityGroupId")).isEqualTo(sg.id());
        assertThat(selfIn.input("referencedSecurityGroupId")).isEqualTo(sg.id());
        Registered selfOut = m.single(EGRESS, n -> n.equals("db-proxy-to-instance-out"));
        assertThat(selfOut.input("securityGroupId")).isEqualTo(sg.id());
        assertThat(selfOut.input("referencedSecurityGroupId")).isEqualTo(sg.id());
        assertThat(selfOut.input("fromPort")).isEqualTo(5432.0);

        Registered toEndpoints = m.single(EGRESS, n -> n.equals("db-proxy-to-endpoints"));
        assertThat(toEndpoints.input("securityGroupId")).isEqualTo(sg.id());
        assertThat(toEndpoints.input("fromPort")).isEqualTo(443.0);
        assertThat(toEndpoints.input("cidrIpv4")).isEqualTo("10.99.0.0/16");
        assertThat(m.ofType(EGRESS)).filteredOn(r -> r.input("securityGroupId").equals(sg.id())).hasSize(2);

        String proxyEndpoint = (String) output(outcome, "host");
        assertThat(proxyEndpoint).contains(".proxy-");
        // Migrations go to the instance itself, not through the proxy.
        assertThat(env(m.single(FUNCTION)).get("DB_HOST")).isNotEqualTo(proxyEndpoint).asString().contains(".rds.amazonaws.com");
    }

    @Test
    void anExistingDatabaseIsUsedAsIsAndStillMigrated() {
        String secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db-AbCdEf";
        var outcome = run(DatabaseArgs.builder().existingHost("pg.internal.example.com").existingDatabaseName("app")
            .existingSecretArn(secret).existingSecurityGroupId("sg-0existing").existingPort(6432)
            .network(NetworkPlacementArgs.builder().vpcId("vpc-0123456789abcdef0").subnetIds(List.of("subnet-0a", "subnet-0b")).build())
            .allowedSecurityGroupIds(List.of("sg-0client")).build());
        RecordingMocks m = outcome.mocks();
        assertThat(m.resources()).noneMatch(r -> r.type().startsWith("aws:rds/"));
        assertThat(m.ofType(SG)).extracting(Registered::name).containsExactly("db-migrate-sg");
        assertThat(env(m.single(FUNCTION))).containsEntry("DB_HOST", "pg.internal.example.com")
            .containsEntry("DB_PORT", "6432").containsEntry("DB_NAME", "app").containsEntry("DB_SECRET_ARN", secret);
        assertThat(m.ofType(INGRESS)).allSatisfy(r -> {
            assertThat(r.input("securityGroupId")).isEqualTo("sg-0existing");
            assertThat(r.input("fromPort")).isEqualTo(6432.0);
        });
        assertThat(m.ofType(INGRESS)).extracting(r -> r.input("referencedSecurityGroupId"))
            .contains("sg-0client", m.single(SG).id());
        assertThat(m.single(DatabaseTest.INVOCATION).input("triggers"))
            .isEqualTo(Map.of("migrationsHash", output(outcome, "migrationsHash"), "database", "pg.internal.example.com"));
        assertThat(output(outcome, "host")).isEqualTo("pg.internal.example.com");
        assertThat(output(outcome, "port")).isEqualTo(6432);
        assertThat(output(outcome, "databaseName")).isEqualTo("app");
        assertThat(output(outcome, "secretArn")).isEqualTo(secret);
        assertThat(output(outcome, "securityGroupId")).isEqualTo("sg-0existing");
        assertThat(output(outcome, "instanceArn")).isNull();
    }

    @Test
    void anExistingDatabaseWithoutMigrationsCreatesNothing() {
        var outcome = run(DatabaseArgs.builder().existingHost("pg.example.com").existingDatabaseName("app")
            .existingSecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:x").existingSecurityGroupId("sg-0e")
            .runMigrations(false).build());
        assertThat(outcome.mocks().resources()).noneMatch(r -> r.type().startsWith("aws:"));
        assertThat(output(outcome, "port")).isEqualTo(5432);
    }

    @Test
    void existingAndCreateSettingsTogetherNameEveryConflict() {
        assertThatThrownBy(() -> new Database("db", placed().existingHost("pg.example.com").engineVersion("17")
            .proxy(true).build(), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("DatabaseArgs: an existing database needs existingDatabaseName, existingSecretArn, "
                + "existingSecurityGroupId as well; the existing* fields and the settings for a new instance are "
                + "mutually exclusive (remove engineVersion, proxy)");
        assertThatThrownBy(() -> new Database("db", DatabaseArgs.builder().existingHost("h").existingDatabaseName("app")
            .existingSecretArn("arn").existingSecurityGroupId("sg-1").build(), null))
            .hasMessage("DatabaseArgs: runMigrations needs network (vpcId and subnetIds) to place the migrate function "
                + "(or set runMigrations=false)");
    }

    @Test
    void everyBadSettingForANewInstanceIsNamedInOneError() {
        assertThatThrownBy(() -> new Database("db", DatabaseArgs.builder().engineVersion("15").instanceClass("m5.large")
            .allocatedStorageGb(10).maxAllocatedStorageGb(5).databaseName("1db").masterUsername("postgres")
            .backupRetentionDays(3).performanceInsightsRetentionDays(30).monitoringIntervalSeconds(2)
            .parameters(List.of(DatabaseParameterArgs.of("rds.force_ssl", "0"), DatabaseParameterArgs.of("x", "1", "later")))
            .proxyIdleClientTimeoutSeconds(0).logRetentionDays(2).build(), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("DatabaseArgs: logRetentionDays must be one of " + com.ingestpipeline.components.internal.LogRetention.DAYS + " (got 2); "
                + "network.vpcId is required; network.subnetIds is required; "
                + "engineVersion must be PostgreSQL 16 or 17, e.g. 17 or 16.9 (got '15'); "
                + "instanceClass must be an RDS class like db.t4g.micro (got 'm5.large'); "
                + "allocatedStorageGb must be 20..65536 (got 10); "
                + "maxAllocatedStorageGb must be 0 (no autoscaling) or 11..65536, at least 10% above "
                + "allocatedStorageGb 10 (got 5); "
                + "databaseName must start with a letter and hold only letters, digits and _ (at most 63) (got '1db'); "
                + "masterUsername must not be a well-known admin name (admin, administrator, postgres, rdsadmin, root) "
                + "(got 'postgres'); "
                + "backupRetentionDays must be 7..35 (got 3); "
                + "performanceInsightsRetentionDays must be 7, a multiple of 31 up to 713, or 731 (got 30); "
                + "monitoringIntervalSeconds must be one of 0, 1, 5, 10, 15, 30, 60 (got 2); "
                + "parameters: rds.force_ssl is fixed at 1 (TLS is required) and cannot be overridden; "
                + "parameters: x applyMethod must be immediate or pending-reboot (got 'later'); "
                + "proxyIdleClientTimeoutSeconds must be 1..28800 (got 0)");
    }

    @Test
    void anAutoscalingCeilingEqualToTheAllocatedStorageIsRefusedAsRdsWould() {
        // RDS: "Invalid max storage size" unless the ceiling is at least 10% above the allocated storage.
        assertThatThrownBy(() -> new Database("db", placed().allocatedStorageGb(100).maxAllocatedStorageGb(100).build(),
            null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("DatabaseArgs: maxAllocatedStorageGb must be 0 (no autoscaling) or 110..65536, at least 10% "
                + "above allocatedStorageGb 100 (got 100)");
        assertThat(com.ingestpipeline.components.internal.DatabaseRules.minAutoscalingCeiling(20)).isEqualTo(22);
        assertThat(com.ingestpipeline.components.internal.DatabaseRules.minAutoscalingCeiling(101)).isEqualTo(112);
    }

    @Test
    void theDefaultCeilingStaysValidForLargeAllocatedStorage() throws Exception {
        // The old default (max(100, allocated)) equalled the allocated storage from 100 GiB up: a deploy-time error.
        Registered db = run(placed().allocatedStorageGb(200).build()).mocks().single(INSTANCE);
        assertThat(db.input("allocatedStorage")).isEqualTo(200.0);
        assertThat(db.input("maxAllocatedStorage")).isEqualTo(252.0);
    }

    @Test
    void componentNamesRdsWouldRefuseFailBeforeAnythingIsCreated() {
        assertThatThrownBy(() -> new Database("dev_eu-db", placed().build(), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Database name 'dev_eu-db': RDS names derived from it may hold only letters, digits and "
                + "single hyphens and must start with a letter (got 'dev_eu-db')");
        String longName = "d".repeat(41);
        assertThatThrownBy(() -> new Database(longName, placed().monitoringIntervalSeconds(60).build(), null))
            .hasMessage("Database name '" + longName + "': its monitoring role would be named '" + longName
                + "-monitoring-role-' plus 7 random characters (65), over AWS's limit of 64; shorten the name by "
                + "1 character(s)");
    }

    @Test
    void finalSnapshotNamesAreValidRdsIdentifiers() {
        assertThat(DatabaseDefaults.rdsName("Ingest_DB")).isEqualTo("ingest-db");
        assertThat(DatabaseDefaults.rdsName("1st--db-")).isEqualTo("db-1st-db");
        assertThat(DatabaseDefaults.rdsName("__")).isEqualTo("db");
    }
}
