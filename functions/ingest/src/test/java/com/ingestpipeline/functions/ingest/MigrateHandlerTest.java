package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.functions.common.config.DbConfig;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.SecretsManagerCredentials;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrateHandlerTest {
    private final TestDatabase pg = TestDatabase.get();
    private final String dbName = "migrate_" + System.nanoTime();
    private Database database;

    @BeforeEach
    void createEmptyDatabase() {
        pg.admin("CREATE DATABASE " + dbName + " OWNER " + TestDatabase.USER);
        DbConfig c = pg.dbConfig();
        database = new Database(new DbConfig(c.host(), c.port(), dbName, c.secretArn(), c.sslMode()),
                new SecretsManagerCredentials(TestDatabase.secretsManager(), TestDatabase.SECRET_ARN));
    }

    @AfterEach
    void dropIt() {
        database.close();
        pg.admin("DROP DATABASE " + dbName + " WITH (FORCE)");
    }

    private JsonNode call(String request) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MigrateHandler(database).handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out, null);
        return new ObjectMapper().readTree(out.toByteArray());
    }

    @Test
    void firstRun_createsTheSchema_secondRunAppliesNothing() throws Exception {
        JsonNode first = call("{\"migrationsHash\":\"abc123\"}");

        assertThat(first.get("migrationsExecuted").asInt()).isPositive();
        assertThat(first.get("version").asText()).isNotBlank();
        assertThat(first.get("migrationsHash").asText()).isEqualTo("abc123");
        try (Connection c = database.open();
             ResultSet rs = c.getMetaData().getTables(null, "public", "ingest_file", null)) {
            assertThat(rs.next()).as("ingest_file exists").isTrue();
        }

        JsonNode second = call("");

        assertThat(second.get("migrationsExecuted").asInt()).isZero();
        assertThat(second.get("version").asText()).isEqualTo(first.get("version").asText());
        assertThat(second.get("migrationsHash").isNull()).isTrue();
    }

    @Test
    void malformedRequest_isRefusedBeforeTouchingTheDatabase() {
        assertThatThrownBy(() -> call("{oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("migrate request is not valid JSON");
    }
}
