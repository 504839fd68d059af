package com.ingestpipeline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.diagram.DiagramWriter;
import com.ingestpipeline.gate.TestPlan;
import com.ingestpipeline.stack.StackSettings;
import com.ingestpipeline.stack.YamlConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlanChecksTest {
    /** A database the gate fails only on RDS.8 (deletion protection off). */
    private static JsonNode planWithoutDeletionProtection() {
        return new TestPlan().add("aws:rds/instance:Instance", "dev-db", "dev-db", "{'engine':'postgres',"
            + "'instanceClass':'db.t4g.micro','allocatedStorage':20,'storageType':'gp3','publiclyAccessible':false,"
            + "'storageEncrypted':true,'deletionProtection':false,'enabledCloudwatchLogsExports':['postgresql'],"
            + "'iamDatabaseAuthenticationEnabled':true,'backupRetentionPeriod':7,'copyTagsToSnapshot':true,"
            + "'dbSubnetGroupName':'outside-the-plan'}").json();
    }

    private static StackSettings settings(String... waivers) {
        Map<String, String> config = new HashMap<>();
        config.put("ingest-pipeline:environment", "dev");
        if (waivers.length > 0) {
            config.put("ingest-pipeline:securityGateWaivers", "[\"" + String.join("\",\"", waivers) + "\"]");
        }
        return StackSettings.load(YamlConfigSource.of(config, "test config"));
    }

    private static String run(JsonNode plan, StackSettings settings, Path dir, boolean[] passed) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        passed[0] = PlanChecks.afterPlan("dev", dir.resolve("dev.json"), plan, settings,
            new PrintStream(printed, true, StandardCharsets.UTF_8), new DiagramWriter("/nonexistent/dot"));
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void failingControl_failsThePlan_andPrintsTheTableAndTheCost(@TempDir Path dir) {
        boolean[] passed = new boolean[1];

        String printed = run(planWithoutDeletionProtection(), settings(), dir, passed);

        assertThat(passed[0]).isFalse();
        assertThat(printed).contains("RDS.8").contains("FAIL").contains("GATE FAILED")
            .contains("Estimated monthly cost, dev").contains("db.t4g.micro")
            .contains("architecture: no SVG");
        assertThat(dir.resolve("dev-architecture.mmd")).exists();
    }

    @Test
    void waiverFromTheStackConfig_letsThePlanPass_andIsPrinted(@TempDir Path dir) {
        boolean[] passed = new boolean[1];

        String printed = run(planWithoutDeletionProtection(), settings("RDS.8: dev data is disposable"), dir, passed);

        assertThat(passed[0]).isTrue();
        assertThat(printed).contains("WAIVED").contains("waiver: RDS.8 — dev data is disposable").contains("GATE PASSED");
    }

    @Test
    void waiverOfAnUnknownControl_failsThePlanNamingIt(@TempDir Path dir) {
        boolean[] passed = new boolean[1];

        String printed = run(planWithoutDeletionProtection(), settings("RDS.99: typo"), dir, passed);

        assertThat(passed[0]).isFalse();
        assertThat(printed).contains("unknown control 'RDS.99'");
    }
}
