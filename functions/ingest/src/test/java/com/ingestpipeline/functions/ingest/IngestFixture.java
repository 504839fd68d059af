package com.ingestpipeline.functions.ingest;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.FileRecord;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Shared set-up for handler tests: real PostgreSQL and S3 (fixtures from common's test-jar), a Mockito Step
 * Functions client, a fresh bucket per test and empty tables.
 */
abstract class IngestFixture {
    static final String STATE_MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:ingest-flow";
    static final long MAX_BYTES = 64 * 1024;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    final TestDatabase pg = TestDatabase.get();
    final TestS3 s3 = TestS3.get();
    final ObjectMapper json = new ObjectMapper();
    SfnClient sfn;
    Database database;
    FileRepository files;
    IngestHandler handler;
    String bucket;

    @BeforeEach
    void setUpFixture() {
        pg.truncate();
        bucket = s3.createBucket("ingest-test-" + BUCKETS.incrementAndGet() + "-" + System.nanoTime() % 100000);
        sfn = mock(SfnClient.class);
        when(sfn.startExecution(any(StartExecutionRequest.class)))
                .thenAnswer(inv -> StartExecutionResponse.builder()
                        .executionArn(STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":"
                                + inv.<StartExecutionRequest>getArgument(0).name())
                        .build());
        database = pg.newDatabase();
        files = new FileRepository(database);
        handler = newHandler(database);
    }

    @AfterEach
    void tearDownFixture() {
        database.close();
    }

    IngestConfig config() {
        return new IngestConfig(pg.dbConfig(), bucket, STATE_MACHINE, "incoming/", "results/", MAX_BYTES);
    }

    IngestHandler newHandler(Database db) {
        return new IngestHandler(config(), s3.client(), sfn, db);
    }

    /** Uploads {@code content} and returns its unquoted ETag. */
    String put(String key, byte[] content, String contentType) {
        PutObjectResponse r = s3.client().putObject(b -> b.bucket(bucket).key(key).contentType(contentType),
                RequestBody.fromBytes(content));
        return unquote(r.eTag());
    }

    static String unquote(String etag) {
        return etag.replace("\"", "");
    }

    /** An ObjectCreated:Put event for an object already in {@link #bucket}. */
    ObjectNode createdEvent(String key, long size, String etag, String sequencer) {
        return Events.forObject("object-created-put.json", bucket, key, size, etag, sequencer, null);
    }

    JsonNode invoke(ObjectNode event) throws IOException {
        return invoke(Events.bytes(event));
    }

    JsonNode invoke(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), out, null);
        return json.readTree(out.toByteArray());
    }

    List<StartExecutionRequest> startedExecutions() {
        if (mockingDetails(sfn).getInvocations().stream().noneMatch(i -> i.getMethod().getName().equals("startExecution"))) {
            return List.of();
        }
        ArgumentCaptor<StartExecutionRequest> captor = ArgumentCaptor.forClass(StartExecutionRequest.class);
        verify(sfn, atLeast(1)).startExecution(captor.capture());
        return new ArrayList<>(captor.getAllValues());
    }

    FileRecord onlyRow() throws Exception {
        assertRowCount(1);
        try (Connection c = pg.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM ingest_file")) {
            rs.next();
            return files.findById(rs.getLong(1)).orElseThrow();
        }
    }

    long rowCount() throws Exception {
        try (Connection c = pg.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM ingest_file")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void assertRowCount(long expected) throws Exception {
        org.assertj.core.api.Assertions.assertThat(rowCount()).as("rows in ingest_file").isEqualTo(expected);
    }
}
