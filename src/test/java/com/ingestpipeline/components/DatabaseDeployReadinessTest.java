package com.ingestpipeline.components;

import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a real account needs from the database beyond its inputs: ordering, names that can repeat, owned logs. */
class DatabaseDeployReadinessTest {
    private static final String INSTANCE = "aws:rds/instance:Instance";
    private static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

    @Test
    void theExportLogGroupsExistWithTheRetentionSettingBeforeTheInstance() {
        var outcome = DatabaseTest.run(DatabaseTest.placed().logRetentionDays(90).build());
        RecordingMocks m = outcome.mocks();
        Registered db = m.single(INSTANCE);
        String identifier = (String) db.input("identifier");
        assertThat(identifier).isEqualTo("db-instance");

        for (String logType : List.of("postgresql", "upgrade")) {
            Registered group = m.single(LOG_GROUP, n -> n.equals("db-log-" + logType));
            // The name RDS writes to: /aws/rds/instance/<identifier>/<log type>.
            assertThat(group.input("name")).isEqualTo("/aws/rds/instance/" + identifier + "/" + logType);
            assertThat(group.input("retentionInDays")).isEqualTo(90.0);
        }
        assertThat(m.dependsOn(db)).containsExactly("db-log-postgresql", "db-log-upgrade");
    }

    @Test
    void theFinalSnapshotNameCarriesASuffixOfItsOwnDatabaseSoASecondDeletionCanTakeOne() {
        Registered first = DatabaseTest.run(DatabaseTest.placed().build()).mocks().single(INSTANCE);
        String name = (String) first.input("finalSnapshotIdentifier");
        assertThat(name).matches("db-instance-final-[0-9a-f]{8}");
        // Stable for one database: the same database plans the same name again.
        assertThat(DatabaseTest.run(DatabaseTest.placed().build()).mocks().single(INSTANCE)
            .input("finalSnapshotIdentifier")).isEqualTo(name);
        // Another database (here: another key, which replaces the instance) gets another name.
        Registered replaced = DatabaseTest.run(DatabaseTest.placed()
            .kmsKeyArn("arn:aws:kms:us-east-1:123456789012:key/1234").build()).mocks().single(INSTANCE);
        assertThat(replaced.input("finalSnapshotIdentifier")).isNotEqualTo(name);
        assertThat(DatabaseDefaults.finalSnapshotIdentifier("db-instance", "subnets-a1b2c3d"))
            .isNotEqualTo(DatabaseDefaults.finalSnapshotIdentifier("db-instance", "subnets-e4f5a6b"));
    }

    @Test
    void theProxyIsCreatedOnlyAfterItsRoleMayReadTheSecret() {
        RecordingMocks m = DatabaseTest.run(DatabaseTest.placed().proxy(true).build()).mocks();
        Registered proxy = m.single("aws:rds/proxy:Proxy");
        assertThat(m.dependsOn(proxy)).contains("db-proxy-policy");
    }

    @Test
    void theMigrationsRunOnlyAfterTheEndpointsTheyReachSecretsManagerThrough() {
        var outcome = MockRun.run(ctx -> {
            var network = new Network("net", NetworkArgs.builder().build(), null);
            new Database("db", DatabaseArgs.builder().existingHost("db.example.internal").existingDatabaseName("ingest")
                .existingSecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf")
                .existingSecurityGroupId("sg-0existing")
                .network(network.placement())
                .apiEndpointIds(network.interfaceEndpointIds).build(), null);
        });
        RecordingMocks m = outcome.mocks();
        Registered invocation = m.single("aws:lambda/invocation:Invocation");
        // What the engine is told the invocation depends on: an existing database on a new network would
        // otherwise run the migrations before the Secrets Manager endpoint exists.
        assertThat(m.dependencies(invocation)).contains("net-secretsmanager");
    }
}
