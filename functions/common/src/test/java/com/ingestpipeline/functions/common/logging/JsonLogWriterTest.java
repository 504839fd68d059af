package com.ingestpipeline.functions.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.event.Level;

class JsonLogWriterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private final JsonLoggerFactory factory = new JsonLoggerFactory(
            JsonLogWriter.fromEnvironment(Map.of("POWERTOOLS_SERVICE_NAME", "ingest", "POWERTOOLS_LOG_LEVEL", "debug"),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8)), mdc);

    @Test
    void eachEvent_isOneJsonLineWithContextKeysAndError() throws Exception {
        mdc.put(LogContext.OBJECT_KEY, "incoming/a \"quoted\"\nkey.csv");
        mdc.put(LogContext.ROW_ID, "42");

        factory.getLogger("com.ingestpipeline.X").warn("rejected {}: {}", "k", "too big", new IllegalStateException("boom"));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(out);
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("service").asText()).isEqualTo("ingest");
        assertThat(line.get("message").asText()).isEqualTo("rejected k: too big");
        assertThat(line.get("object_key").asText()).isEqualTo("incoming/a \"quoted\"\nkey.csv");
        assertThat(line.get("row_id").asText()).isEqualTo("42");
        assertThat(line.get("error").get("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.get("timestamp").asText()).endsWith("Z");
    }

    @Test
    void fluentKeyValues_becomeFields() throws Exception {
        factory.getLogger("com.ingestpipeline.X").atInfo().addKeyValue("records", 3).log("batch done");

        JsonNode line = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
        assertThat(line.get("records").asText()).isEqualTo("3");
        assertThat(line.get("message").asText()).isEqualTo("batch done");
    }

    @Test
    void libraryLoggers_areHeldAtWarn_whileOursFollowTheConfiguredLevel() {
        assertThat(factory.getLogger("com.ingestpipeline.X").isDebugEnabled()).isTrue();
        assertThat(factory.getLogger("software.amazon.awssdk.request").isInfoEnabled()).isFalse();
        assertThat(factory.getLogger("software.amazon.awssdk.request").isWarnEnabled()).isTrue();
        assertThat(bytes.size()).isZero();
    }

    @Test
    void unknownLevel_fallsBackToInfo() {
        JsonLogWriter w = JsonLogWriter.fromEnvironment(Map.of("LOG_LEVEL", "loud"), System.out);
        assertThat(w.thresholdFor("com.ingestpipeline.X")).isEqualTo(Level.INFO);
    }
}
