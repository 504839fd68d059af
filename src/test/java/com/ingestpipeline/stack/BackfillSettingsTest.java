package com.ingestpipeline.stack;

import com.ingestpipeline.components.DatabaseConnectionLimits;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.testing.MockRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The backfill settings: defaults, ranges, the database connection budget, and where they land in the stack. */
class BackfillSettingsTest {
    private static StackSettings load(Map<String, String> projectValues) {
        Map<String, String> values = new HashMap<>();
        projectValues.forEach((k, v) -> values.put("ingest-pipeline:" + k, v));
        return StackSettings.load(YamlConfigSource.of(values, "Pulumi.test.yaml"));
    }

    private static List<String> problems(Map<String, String> values) {
        try {
            load(values);
        } catch (InvalidSettingsException e) {
            return e.problems();
        }
        throw new AssertionError("expected invalid settings for " + values);
    }

    @Test
    void defaults_tenBatchesAtOnce_fivePercentTolerated_hundredObjectsABatch() {
        StackSettings.Workflow w = load(Map.of()).workflow();
        assertThat(w.backfillMaxConcurrency()).isEqualTo(10);
        assertThat(w.backfillToleratedFailurePercentage()).isEqualTo(5);
        assertThat(w.backfillBatchSize()).isEqualTo(100);
    }

    @Test
    void outOfRangeValues_areNamedByTheirKeys() {
        assertThat(problems(Map.of("backfillMaxConcurrency", "0", "backfillToleratedFailurePercentage", "101",
            "backfillBatchSize", "5000")))
            .anyMatch(p -> p.contains("backfillMaxConcurrency"))
            .anyMatch(p -> p.contains("backfillToleratedFailurePercentage"))
            .anyMatch(p -> p.contains("backfillBatchSize"));
    }

    @Test
    void aBackfillWiderThanTheDatabaseAllows_isRefused_withTheSumSpelledOut() {
        // db.t4g.micro: 1 GiB / 9531392 = 112 connections, 107 after the 5 RDS reserves.
        assertThat(DatabaseConnectionLimits.maxConnections("db.t4g.micro")).hasValue(112);
        List<String> problems = problems(Map.of("dbInstanceClass", "db.t4g.micro", "backfillMaxConcurrency", "100",
            "lambdaReservedConcurrency", "10"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("backfillMaxConcurrency")
            .contains("backfillMaxConcurrency 100 + lambdaReservedConcurrency 10 + worker tasks 2")
            .contains("over the 107 that db.t4g.micro leaves to applications"));
        // The same backfill fits a larger class.
        assertThat(load(Map.of("dbInstanceClass", "db.m7g.large", "backfillMaxConcurrency", "100",
            "lambdaReservedConcurrency", "10")).workflow().backfillMaxConcurrency()).isEqualTo(100);
    }

    @Test
    void connectionLimits_followTheRdsFormula_andAreUnknownForClassesWithoutAKnownSize() {
        assertThat(DatabaseConnectionLimits.maxConnections("db.m7g.large")).hasValue(901);
        assertThat(DatabaseConnectionLimits.maxConnections("db.r7g.large")).hasValue(1802);
        assertThat(DatabaseConnectionLimits.maxConnections("db.r7g.16xlarge")).hasValue(5000);
        assertThat(DatabaseConnectionLimits.maxConnections("db.x2g.large")).isEmpty();
        assertThat(DatabaseConnectionLimits.overBudget("db.x2g.large", Map.of("anything", 100000))).isEmpty();
    }

    @Test
    void settingsReachTheBackfillStateMachine() throws Exception {
        Map<String, String> values = new HashMap<>(YamlConfigSource.load(Path.of("."), "dev").values());
        values.put("ingest-pipeline:backfillMaxConcurrency", "7");
        values.put("ingest-pipeline:backfillToleratedFailurePercentage", "0");
        values.put("ingest-pipeline:backfillBatchSize", "25");
        StackSettings settings = StackSettings.load(YamlConfigSource.of(values, "Pulumi.dev.yaml"));
        RecordingMocks m = MockRun.run(ctx -> App.stack(ctx, settings)).mocks();
        String definition = (String) m.single("aws:sfn/stateMachine:StateMachine", n -> n.endsWith("-backfill-sm"))
            .input("definition");
        var map = new com.fasterxml.jackson.databind.ObjectMapper().readTree(definition).at("/States/ListAndIngest");
        assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(7);
        assertThat(map.path("ToleratedFailurePercentage").asInt()).isZero();
        assertThat(map.at("/ItemBatcher/MaxItemsPerBatch").asInt()).isEqualTo(25);
        assertThat(map.at("/ItemReader/Parameters/Bucket").asText()).isNotEmpty();
        assertThat(map.at("/ResultWriter/Parameters/Prefix").asText()).isEqualTo("results/backfill");
    }
}
