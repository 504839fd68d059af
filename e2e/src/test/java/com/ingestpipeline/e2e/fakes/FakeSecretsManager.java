package com.ingestpipeline.e2e.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets Manager on loopback (awsJson1_1): {@code GetSecretValue} for the secrets it was given, by ARN, as RDS
 * stores its managed master secret ({@code {"username": ..., "password": ...}}). Any other id is
 * {@code ResourceNotFoundException}, so code that asks for the wrong secret fails here as it would in AWS.
 */
public final class FakeSecretsManager extends JsonApiServer {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    public FakeSecretsManager() {
        super("secretsmanager", "application/x-amz-json-1.1");
    }

    public FakeSecretsManager put(String arn, String username, String password) {
        secrets.put(arn, JSON.createObjectNode().put("username", username).put("password", password)
                .put("engine", "postgres").toString());
        return this;
    }

    @Override
    protected ObjectNode operation(String name, JsonNode request) {
        if (!name.equals("GetSecretValue")) {
            throw unknown(name);
        }
        String id = request.path("SecretId").asText();
        String value = secrets.get(id);
        if (value == null) {
            throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret: " + id);
        }
        return JSON.createObjectNode()
                .put("ARN", id)
                .put("Name", id.substring(id.lastIndexOf(':') + 1))
                .put("VersionId", "00000000-0000-0000-0000-000000000001")
                .put("SecretString", value)
                .put("CreatedDate", 1.7672256E9)
                .set("VersionStages", JSON.createArrayNode().add("AWSCURRENT"));
    }
}
