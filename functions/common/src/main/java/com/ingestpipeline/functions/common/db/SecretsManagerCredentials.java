package com.ingestpipeline.functions.common.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Credentials from an RDS-managed secret (JSON with {@code username} and {@code password}), fetched once and
 * cached. The cache is only dropped by {@link #refresh()}: RDS rotates the master password in place, so the
 * first authentication failure after a rotation is the signal to re-read it (polling would cost a Secrets
 * Manager call per invocation for nothing).
 */
public final class SecretsManagerCredentials implements CredentialsSource {
    /**
     * Streaming parser, not an ObjectMapper: initialising jackson-databind costs a cold start well over 100 ms of
     * class loading, and the ingest function's path uses jackson-core only.
     */
    private static final JsonFactory JSON = new JsonFactory();

    private final Supplier<SecretsManagerClient> clientFactory;
    private final String secretArn;
    private SecretsManagerClient client;
    private volatile DbCredentials cached;

    public SecretsManagerCredentials(SecretsManagerClient client, String secretArn) {
        this(constant(Objects.requireNonNull(client, "client")), secretArn);
    }

    /**
     * Builds the client on the first fetch, not here: building an SDK client costs a noticeable part of a cold
     * start, and this way it happens on whichever thread first needs the credentials (the handlers' background
     * connect), not on the one constructing the handler.
     */
    public SecretsManagerCredentials(Supplier<SecretsManagerClient> clientFactory, String secretArn) {
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.secretArn = Objects.requireNonNull(secretArn, "secretArn");
    }

    private static Supplier<SecretsManagerClient> constant(SecretsManagerClient client) {
        return () -> client;
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

    /** Called only under this object's lock (from {@link #current} or {@link #refresh}). */
    private DbCredentials fetch() {
        if (client == null) {
            client = Objects.requireNonNull(clientFactory.get(), "the Secrets Manager client factory returned null");
        }
        String secret = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretArn).build())
                .secretString();
        if (secret == null) {
            throw new IllegalStateException("secret " + secretArn + " has no SecretString (binary secrets are not supported)");
        }
        String username = null;
        String password = null;
        try (JsonParser p = JSON.createParser(secret)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    boolean text = value == JsonToken.VALUE_STRING && !p.getText().isEmpty();
                    if (text && field.equals("username")) {
                        username = p.getText();
                    } else if (text && field.equals("password")) {
                        password = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // No cause: Jackson quotes the offending token, which may be the password, and the trace gets logged.
            throw new IllegalStateException("secret " + secretArn + " is not JSON");
        }
        if (username == null || password == null) {
            throw new IllegalStateException("secret " + secretArn + " must be JSON with string fields username and password"
                    + " (missing: " + (username == null ? "username " : "") + (password == null ? "password" : "").trim() + ")");
        }
        return new DbCredentials(username, password);
    }
}
