package com.ingestpipeline.functions.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DbConfigTest {
    @Test
    void allVariablesPresent_areRead() {
        DbConfig c = DbConfig.fromEnv(Map.of("DB_HOST", "db.internal", "DB_PORT", "5432", "DB_NAME", "ingest",
                "DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:x", "DB_SSL_MODE", "verify-full"));

        assertThat(c).isEqualTo(new DbConfig("db.internal", 5432, "ingest", "arn:aws:secretsmanager:eu-west-1:1:secret:x", "verify-full"));
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/ingest");
    }

    @Test
    void everyProblem_isNamedInOneError() {
        assertThatThrownBy(() -> DbConfig.fromEnv(Map.of("DB_PORT", "54x", "DB_SECRET_ARN", "my-secret", "DB_SSL_MODE", "on")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("database configuration: ")
                .hasMessageContaining("DB_HOST is missing")
                .hasMessageContaining("DB_PORT must be a whole number 1..65535 (got '54x')")
                .hasMessageContaining("DB_NAME is missing")
                .hasMessageContaining("DB_SECRET_ARN must be a Secrets Manager ARN (got 'my-secret')")
                .hasMessageContaining("DB_SSL_MODE must be one of [allow, disable, prefer, require, verify-ca, verify-full] (got 'on')");
    }

    @Test
    void portOutOfRange_isRejected() {
        Env env = Env.of(Map.of("DB_PORT", "70000"));
        env.requiredLong("DB_PORT", 1, 65535);
        assertThatThrownBy(() -> env.check("x")).hasMessage("x: DB_PORT must be 1..65535 (got 70000)");
    }
}
