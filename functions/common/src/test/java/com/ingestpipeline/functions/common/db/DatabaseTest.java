package com.ingestpipeline.functions.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.ingestpipeline.functions.common.config.DbConfig;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

class DatabaseTest {
    private final TestDatabase pg = TestDatabase.get();

    @AfterEach
    void restorePassword() {
        pg.rotatePassword(TestDatabase.PASSWORD);
    }

    @Test
    void connectionIsReusedAcrossCalls_andSecretReadOnce() throws Exception {
        SecretsManagerClient sm = TestDatabase.secretsManager();
        try (Database db = new Database(pg.dbConfig(), new SecretsManagerCredentials(sm, TestDatabase.SECRET_ARN))) {
            int pid1 = backendPid(db);
            int pid2 = backendPid(db);

            assertThat(pid2).isEqualTo(pid1);
            verify(sm, times(1)).getSecretValue(any(GetSecretValueRequest.class));
        }
    }

    @Test
    void rotatedPassword_isPickedUpByRefreshingTheSecretOnce() throws Exception {
        SecretsManagerClient sm = mock(SecretsManagerClient.class);
        when(sm.getSecretValue(any(GetSecretValueRequest.class)))
                .thenReturn(TestDatabase.secret(TestDatabase.PASSWORD))
                .thenReturn(TestDatabase.secret("rotated-Pa55word"));
        try (Database db = new Database(pg.dbConfig(), new SecretsManagerCredentials(sm, TestDatabase.SECRET_ARN))) {
            backendPid(db);
            db.closeConnection();

            // GIVEN the secret was rotated on the server after we cached it
            pg.rotatePassword("rotated-Pa55word");

            // WHEN the next connection is opened THEN the auth failure triggers one re-read and it succeeds
            assertThat(backendPid(db)).isPositive();
            verify(sm, times(2)).getSecretValue(any(GetSecretValueRequest.class));
            assertThat(db.credentials().password()).isEqualTo("rotated-Pa55word");
        }
    }

    @Test
    void wrongPasswordEvenAfterRefresh_failsWithTheServersAuthError() {
        SecretsManagerClient sm = TestDatabase.secretsManager("wrong-password");
        try (Database db = new Database(pg.dbConfig(), new SecretsManagerCredentials(sm, TestDatabase.SECRET_ARN))) {
            assertThatThrownBy(() -> backendPid(db))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(Database.isAuthFailure(e)).isTrue());
            verify(sm, times(2)).getSecretValue(any(GetSecretValueRequest.class));
        }
    }

    @Test
    void connectionKilledByTheServer_isReestablishedTransparently() throws Exception {
        try (Database db = pg.newDatabase()) {
            int before = backendPid(db);
            pg.admin("SELECT pg_terminate_backend(" + before + ")");

            int after = backendPid(db);

            assertThat(after).isNotEqualTo(before);
        }
    }

    @Test
    void preparedStatements_areMadeOncePerConnection_andRemadeAfterTheServerKillsIt() throws Exception {
        String sql = "SELECT pg_backend_pid() + ?";
        try (Database db = pg.newDatabase()) {
            PreparedStatement first = db.withConnection(c -> db.prepared(c, sql));
            PreparedStatement again = db.withConnection(c -> db.prepared(c, sql));
            assertThat(again).as("the same statement object").isSameAs(first);
            int before = db.withConnection(c -> pidPlus(db.prepared(c, sql), 0));
            pg.admin("SELECT pg_terminate_backend(" + before + ")");

            int after = db.withConnection(c -> pidPlus(db.prepared(c, sql), 0));

            assertThat(after).as("ran on a new connection").isNotEqualTo(before);
            PreparedStatement remade = db.withConnection(c -> db.prepared(c, sql));
            assertThat(remade).isNotSameAs(first);
            try (Connection other = db.open()) {
                assertThatThrownBy(() -> db.withConnection(c -> db.prepared(other, sql)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared connection");
            }
        }
    }

    private static int pidPlus(PreparedStatement ps, int add) throws SQLException {
        ps.setInt(1, add);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void unreachableDatabase_failsFastWithAConnectionError() {
        DbConfig nowhere = new DbConfig("127.0.0.1", 1, TestDatabase.NAME, TestDatabase.SECRET_ARN, "disable");
        try (Database db = new Database(nowhere, new SecretsManagerCredentials(TestDatabase.secretsManager(), TestDatabase.SECRET_ARN))) {
            assertThatThrownBy(() -> backendPid(db))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(Database.isConnectionFailure(e)).isTrue());
        }
    }

    @Test
    void secretWithoutPassword_isAClearError() {
        SecretsManagerClient sm = mock(SecretsManagerClient.class);
        when(sm.getSecretValue(any(GetSecretValueRequest.class)))
                .thenReturn(GetSecretValueResponse.builder().secretString("{\"username\":\"u\"}").build());

        assertThatThrownBy(() -> new SecretsManagerCredentials(sm, TestDatabase.SECRET_ARN).current())
                .hasMessageContaining(TestDatabase.SECRET_ARN).hasMessageContaining("missing: password");
    }

    @Test
    void verifyFull_usesTheBundledRdsCaCertificates() throws Exception {
        Database db = new Database(new DbConfig("db.example.internal", 5432, "ingest", TestDatabase.SECRET_ARN, "verify-full"),
                new SecretsManagerCredentials(TestDatabase.secretsManager(), TestDatabase.SECRET_ARN));

        Properties p = db.connectionProperties(new DbCredentials("u", "p"));

        assertThat(p.getProperty("sslmode")).isEqualTo("verify-full");
        try (InputStream in = Files.newInputStream(java.nio.file.Path.of(p.getProperty("sslrootcert")))) {
            var certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            assertThat(certs).hasSizeGreaterThan(50);
            assertThat(certs).map(c -> ((X509Certificate) c).getSubjectX500Principal().getName())
                    .anyMatch(n -> n.contains("Amazon RDS"));
        }
    }

    @Test
    void disabledTls_setsNoRootCertificate() {
        Database db = pg.newDatabase();
        assertThat(db.connectionProperties(new DbCredentials("u", "p")).getProperty("sslrootcert")).isNull();
    }

    private static int backendPid(Database db) throws SQLException {
        return db.withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
