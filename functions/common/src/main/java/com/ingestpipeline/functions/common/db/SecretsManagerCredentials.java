package com.ingestpipeline.functions.common.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Credentials from an RDS-managed secret (JSON with {@code username} and {@code password}), fetched once and
 * cached. The cache is only dropped by {@link #refresh()}: RDS rotates the master password in place, so the
 * first authentication failure after a rotation is the signal to re-read it (polling would cost a Secrets
 * Manager call per invocation for nothing).
 */
public final class SecretsManagerCredentials implements CredentialsSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient client;
    private final String secretArn;
    private volatile DbCredentials cached;

    public SecretsManagerCredentials(SecretsManagerClient client, String secretArn) {
        this.client = Objects.requireNonNull(client, "client");
        this.secretArn = Objects.requireNonNull(secretArn, "secretArn");
    }

    @Override
    public DbCredentials current() {
        DbCredentials c = cached;
        if (c == null) {
            synchronized (this) {
                c = cached;
                if (c == null) {
                    c = fetch();
                    cached = c;
                }
            }
        }
        return c;
    }

    @Override
    public synchronized DbCredentials refresh() {
        cached = fetch();
        return cached;
    }

    private DbCredentials fetch() {
        String secret = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretArn).build())
                .secretString();
        if (secret == null) {
            throw new IllegalStateException("secret " + secretArn + " has no SecretString (binary secrets are not supported)");
        }
        JsonNode json;
        try {
            json = JSON.readTree(secret);
        } catch (IOException e) {
            throw new IllegalStateException("secret " + secretArn + " is not JSON", e);
        }
        String username = text(json, "username");
        String password = text(json, "password");
        if (username == null || password == null) {
            throw new IllegalStateException("secret " + secretArn + " must be JSON with string fields username and password"
                    + " (missing: " + (username == null ? "username " : "") + (password == null ? "password" : "").trim() + ")");
        }
        return new DbCredentials(username, password);
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json == null ? null : json.get(field);
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
