package com.ingestpipeline.components.internal;

import com.ingestpipeline.components.DatabaseConnectionArgs;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.inputs.GetRegionArgs;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A database client's connection after defaults: what IngestPipeline, OrchestrationFlow, BatchComputeNode and
 * Database's migrate function configure from a {@link DatabaseConnectionArgs}, in one place, so the five
 * {@code DB_*} variables and the secret's key grant are built the same way for every client.
 *
 * @param secretKmsKeyArn null for the aws/secretsmanager key
 * @param securityGroupId null when the client adds no ingress rule (egress to the VPC CIDR instead)
 */
public record DatabaseClient(Output<String> host, int port, Output<String> name, Output<String> secretArn,
                             Output<String> secretKmsKeyArn, Output<String> securityGroupId, String sslMode) {
    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_SSL_MODE = "verify-full";

    /**
     * Every problem with a client's {@code database} input, each naming its nested field
     * ({@code database.host is required}); a missing {@code database} reports its required fields.
     *
     * @param sslModes the sslmode values this client accepts
     */
    public static List<String> problems(DatabaseConnectionArgs database, List<String> sslModes) {
        DatabaseConnectionArgs d = database != null ? database : DatabaseConnectionArgs.builder().build();
        List<String> problems = new ArrayList<>();
        if (d.host() == null) problems.add("database.host is required");
        if (d.name() == null) problems.add("database.name is required");
        if (d.secretArn() == null) problems.add("database.secretArn is required");
        int port = d.port().orElse(DEFAULT_PORT);
        if (port < 1 || port > 65535) {
            problems.add("database.port must be 1..65535 (got " + port + ")");
        }
        String sslMode = d.sslMode().orElse(DEFAULT_SSL_MODE);
        if (!sslModes.contains(sslMode)) {
            problems.add("database.sslMode must be one of " + sslModes + " (got " + sslMode + ")");
        }
        return problems;
    }

    /** The connection with defaults filled in; call after {@link #problems} found none. */
    public static DatabaseClient of(DatabaseConnectionArgs d) {
        return new DatabaseClient(d.host(), d.port().orElse(DEFAULT_PORT), d.name(), d.secretArn(),
            d.secretKmsKeyArn().orElse(null), d.securityGroupId().orElse(null), d.sslMode().orElse(DEFAULT_SSL_MODE));
    }

    /** {@code DB_HOST}, {@code DB_PORT}, {@code DB_NAME}, {@code DB_SECRET_ARN}, {@code DB_SSL_MODE} (docs/design.md). */
    public Output<Map<String, String>> environment() {
        return Output.tuple(host, name, secretArn).applyValue(t -> Map.of(
            "DB_HOST", t.t1,
            "DB_PORT", Integer.toString(port),
            "DB_NAME", t.t2,
            "DB_SECRET_ARN", t.t3,
            "DB_SSL_MODE", sslMode));
    }

    /**
     * kms:Decrypt on the secret's customer managed key, only when Secrets Manager asks on the caller's behalf:
     * a secret under such a key is unreadable with GetSecretValue alone. Empty for the aws/secretsmanager key.
     */
    public Optional<Output<PolicyDocument.Statement>> decryptSecretStatement(InvokeOptions invoke) {
        if (secretKmsKeyArn == null) {
            return Optional.empty();
        }
        Output<String> region = AwsFunctions.getRegion(GetRegionArgs.builder().build(), invoke).applyValue(r -> r.name());
        return Optional.of(Output.tuple(secretKmsKeyArn, region)
            .applyValue(t -> PolicyDocument.allow("DecryptDatabaseSecret", List.of("kms:Decrypt"), List.of(t.t1))
                .when("StringEquals", "kms:ViaService", "secretsmanager." + t.t2 + ".amazonaws.com")));
    }
}
