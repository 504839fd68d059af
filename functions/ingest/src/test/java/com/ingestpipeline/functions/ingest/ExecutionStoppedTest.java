package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.db.FileStatus;
import com.ingestpipeline.functions.common.db.NewFile;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status function as the target of OrchestrationFlow's EventBridge rule: an execution that timed out or was
 * aborted never runs RecordFailure, so its row is marked failed here (real PostgreSQL).
 */
class ExecutionStoppedTest {
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

    private long processing(String key, String executionName) throws Exception {
        long id = files.upsert(new NewFile("data", key, "", "etag", "01", 10, "text/csv", "csv", "none",
                List.of("a"), FileStatus.RECEIVED, null)).file().id();
        assertThat(files.setExecutionName(id, "01", executionName)).isTrue();
        assertThat(files.markProcessing(id, "etag")).isTrue();
        return id;
    }

    private JsonNode deliver(String executionName, String status) throws Exception {
        String event = new String(Events.raw("sfn-execution-timed-out.json"), StandardCharsets.UTF_8)
                .replace("EXECUTION_NAME", executionName).replace("\"TIMED_OUT\"", "\"" + status + "\"");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return json.readTree(out.toByteArray());
    }

    @Test
    void aTimedOutExecution_marksItsProcessingRowFailedSayingWhy() throws Exception {
        long id = processing("incoming/a.csv", "exec-a-1");

        JsonNode r = deliver("exec-a-1", "TIMED_OUT");

        assertThat(r.get("marked").asBoolean()).isTrue();
        FileRecord row = files.findById(id).orElseThrow();
        assertThat(row.status()).isEqualTo(FileStatus.FAILED);
        assertThat(row.statusReason()).startsWith("execution TIMED_OUT: States.Timeout")
                .contains("executionTimeoutSeconds").doesNotContain("null");
    }

    @Test
    void anAbortedExecution_marksItsRowFailed() throws Exception {
        long id = processing("incoming/b.csv", "exec-b-1");

        deliver("exec-b-1", "ABORTED");

        assertThat(files.findById(id).orElseThrow().status()).isEqualTo(FileStatus.FAILED);
        assertThat(files.findById(id).orElseThrow().statusReason()).startsWith("execution ABORTED");
    }

    @Test
    void aFailedExecutionThatRecordedItsFailure_keepsTheRecordedReason() throws Exception {
        long id = processing("incoming/c.csv", "exec-c-1");
        files.markFailed(id, "Worker.Permanent: row 3: unterminated quote");

        JsonNode r = deliver("exec-c-1", "FAILED");

        assertThat(r.get("marked").asBoolean()).isFalse();
        assertThat(files.findById(id).orElseThrow().statusReason()).isEqualTo("Worker.Permanent: row 3: unterminated quote");
    }

    @Test
    void anOtherExecutionsEvent_leavesTheRowOfTheNewerVersionAlone() throws Exception {
        // The key was overwritten: the row now belongs to a newer execution, still running.
        long id = processing("incoming/d.csv", "exec-d-2");

        JsonNode r = deliver("exec-d-1", "TIMED_OUT");

        assertThat(r.get("marked").asBoolean()).isFalse();
        assertThat(files.findById(id).orElseThrow().status()).isEqualTo(FileStatus.PROCESSING);
    }

    @Test
    void anEventWithoutExecutionName_isRefusedNamingTheField() {
        String event = "{\"detail-type\":\"Step Functions Execution Status Change\",\"detail\":{\"status\":\"TIMED_OUT\"}}";
        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null)).hasMessageContaining("detail.name");
    }
}
