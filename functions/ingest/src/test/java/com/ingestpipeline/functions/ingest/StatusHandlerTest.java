package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.db.FileStatus;
import com.ingestpipeline.functions.common.db.JobResult;
import com.ingestpipeline.functions.common.db.NewFile;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusHandlerTest {
    private final TestDatabase pg = TestDatabase.get();
    private final ObjectMapper json = new ObjectMapper();
    private Database database;
    private FileRepository files;
    private StatusHandler handler;

    @BeforeEach
    void setUp() {
        pg.truncate();
        database = pg.newDatabase();
        files = new FileRepository(database);
        handler = new StatusHandler(database);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private long received(String key, String sequencer) throws Exception {
        return files.upsert(new NewFile("data", key, "", "etag", sequencer, 10, "text/csv", "csv", "none",
                List.of("a"), FileStatus.RECEIVED, null)).file().id();
    }

    private JsonNode call(String request) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out, null);
        return json.readTree(out.toByteArray());
    }

    @Test
    void recordFailure_marksTheRowFailedWithErrorAndCause() throws Exception {
        long id = received("incoming/a.csv", "01");
        files.markProcessing(id, "etag");

        JsonNode r = call("{\"action\":\"recordFailure\",\"fileId\":" + id
                + ",\"error\":\"Worker.Permanent\",\"cause\":\"row 3: unterminated quote\"}");

        assertThat(r.get("fileId").asLong()).isEqualTo(id);
        assertThat(r.get("status").asText()).isEqualTo("failed");
        assertThat(r.get("reason").asText()).isEqualTo("Worker.Permanent: row 3: unterminated quote");
        assertThat(files.findById(id).orElseThrow().status()).isEqualTo(FileStatus.FAILED);
    }

    @Test
    void recordFailure_withAHugeCause_keepsItsStart() throws Exception {
        long id = received("incoming/a.csv", "01");

        call("{\"action\":\"recordFailure\",\"fileId\":\"" + id + "\",\"error\":\"States.Timeout\",\"cause\":\""
                + "x".repeat(10_000) + "\"}");

        String reason = files.findById(id).orElseThrow().statusReason();
        assertThat(reason).hasSize(StatusHandler.MAX_REASON_CHARS).startsWith("States.Timeout: xxx");
    }

    @Test
    void recordFailure_onAProcessedFile_leavesItProcessed() throws Exception {
        long id = received("incoming/a.csv", "01");
        files.markProcessing(id, "etag");
        files.completeWithResult(id, "etag", new JobResult("profile", 1, 0, json.readTree("{}"), Map.of()));

        JsonNode r = call("{\"action\":\"recordFailure\",\"fileId\":" + id + ",\"error\":\"Worker.Permanent\"}");

        assertThat(r.get("status").asText()).isEqualTo("processed");
    }

    @Test
    void getStatus_byId_returnsStatusAndResults() throws Exception {
        long id = received("incoming/a.csv", "01");
        files.markProcessing(id, "etag");
        files.completeWithResult(id, "etag", new JobResult("profile", 10, 1, json.readTree("{\"columns\":{\"a\":{\"type\":\"integer\"}}}"),
                Map.of("normalized", "results/" + id + "/normalized.jsonl.gz", "profile", "results/" + id + "/profile.json")));

        JsonNode r = call("{\"action\":\"getStatus\",\"fileId\":" + id + "}");

        assertThat(r.get("status").asText()).isEqualTo("processed");
        assertThat(r.get("reason").isNull()).isTrue();
        JsonNode result = r.get("results").get(0);
        assertThat(result.get("job").asText()).isEqualTo("profile");
        assertThat(result.get("rowCount").asLong()).isEqualTo(10);
        assertThat(result.get("malformedCount").asLong()).isEqualTo(1);
        assertThat(result.get("outputs").get("profile").asText()).isEqualTo("results/" + id + "/profile.json");
        assertThat(result.get("summary").get("columns").get("a").get("type").asText()).isEqualTo("integer");
    }

    @Test
    void getStatus_byBucketAndKey_returnsTheNewestVersion() throws Exception {
        received("incoming/a.csv", "01");
        long newer = files.upsert(new NewFile("data", "incoming/a.csv", "v2", "e2", "02", 10, null, null, null, null,
                FileStatus.REJECTED, "empty object (0 bytes)")).file().id();

        JsonNode r = call("{\"action\":\"getStatus\",\"bucket\":\"data\",\"key\":\"incoming/a.csv\"}");

        assertThat(r.get("fileId").asLong()).isEqualTo(newer);
        assertThat(r.get("status").asText()).isEqualTo("rejected");
        assertThat(r.get("reason").asText()).isEqualTo("empty object (0 bytes)");
        assertThat(r.get("results")).isEmpty();
    }

    @Test
    void getStatus_forNothing_isUnknown() throws Exception {
        assertThat(call("{\"action\":\"getStatus\",\"fileId\":999}").toString()).isEqualTo("{\"status\":\"unknown\"}");
        assertThat(call("{\"action\":\"getStatus\",\"bucket\":\"data\",\"key\":\"nope\"}").get("status").asText()).isEqualTo("unknown");
    }

    @Test
    void badRequests_failWithAMessageNamingTheProblem() {
        assertThatThrownBy(() -> call("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status request is not valid JSON");
        assertThatThrownBy(() -> call("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> call("{\"action\":\"delete\"}"))
                .hasMessage("unknown action 'delete' (expected \"recordFailure\" or \"getStatus\")");
        assertThatThrownBy(() -> call("{\"action\":\"recordFailure\",\"error\":\"x\"}"))
                .hasMessage("\"fileId\" must be a positive whole number (got null)");
        assertThatThrownBy(() -> call("{\"action\":\"getStatus\",\"fileId\":-4}"))
                .hasMessage("\"fileId\" must be a positive whole number (got -4)");
        assertThatThrownBy(() -> call("{\"action\":\"getStatus\",\"fileId\":1.5}"))
                .hasMessageContaining("positive whole number");
        assertThatThrownBy(() -> call("{\"action\":\"recordFailure\",\"fileId\":1}"))
                .hasMessageContaining("recordFailure needs \"error\"");
        assertThatThrownBy(() -> call("{\"action\":\"getStatus\",\"bucket\":\"data\"}"))
                .hasMessage("getStatus needs \"fileId\", or \"bucket\" and \"key\"");
    }
}
