package com.ingestpipeline.stack;

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
    @Test
    void defaults_tenBatchesAtOnce_fivePercentTolerated_hundredObjectsABatch() {
        StackSettings.Workflow w = StackSettingsTest.load(Map.of()).workflow();
        assertThat(w.backfillMaxConcurrency()).isEqualTo(10);
        assertThat(w.backfillToleratedFailurePercentage()).isEqualTo(5);
        assertThat(w.backfillBatchSize()).isEqualTo(100);
    }

    @Test
    void outOfRangeValues_areNamedByTheirKeys() {
        assertThat(StackSettingsTest.problems(Map.of("backfillMaxConcurrency", "0", "backfillToleratedFailurePercentage", "101",
            "backfillBatchSize", "5000")))
            .anyMatch(p -> p.contains("backfillMaxConcurrency"))
            .anyMatch(p -> p.contains("backfillToleratedFailurePercentage"))
            .anyMatch(p -> p.contains("backfillBatchSize"));
    }

    @Test
    void aBackfillWiderThanTheIngestFunctionsConcurrency_isRefused_namingBothKeys() {
        // Each batch is one invocation of the ingest function, so its reserved concurrency bounds the backfill.
        List<String> problems = StackSettingsTest.problems(Map.of("dbInstanceClass", "db.t4g.micro", "backfillMaxConcurrency", "100",
            "lambdaReservedConcurrency", "10"));
        assertThat(problems).singleElement().asString()
            .startsWith("ingest-pipeline:backfillMaxConcurrency: 100 backfill batches at once")
            .contains("reserved concurrency is 10", "keys: backfillMaxConcurrency, lambdaReservedConcurrency");
        // The default reservation on a micro is 50: a backfill of 50 fits it and adds no database connection.
        StackSettings fits = StackSettingsTest.load(Map.of("dbInstanceClass", "db.t4g.micro", "backfillMaxConcurrency", "50"));
        assertThat(fits.ingest().reservedConcurrency()).hasValue(50);
        assertThat(fits.workflow().backfillMaxConcurrency()).isEqualTo(50);
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
