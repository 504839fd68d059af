package com.ingestpipeline.components.internal;

import com.ingestpipeline.components.DatabaseConnectionArgs;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     * The connection policy every client shares: only sslmodes that encrypt. {@code disable}, {@code allow} and
     * {@code prefer} can fall back to plaintext (PostgreSQL docs, "SSL Mode Descriptions"), and the database
     * enforces TLS ({@code rds.force_ssl=1}) anyway, so a plaintext mode could only fail later or leak.
     */
    public static final List<String> SSL_MODES = List.of("verify-full", "verify-ca", "require");

    /**
     * Every problem with a client's {@code database} input, each naming its nested field
     * ({@code database.host is required}); a missing {@code database} reports its required fields.
     */
    public static List<String> problems(DatabaseConnectionArgs database) {
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
        if (!SSL_MODES.contains(sslMode)) {
            problems.add("database.sslMode must be one of " + SSL_MODES + " (got " + sslMode + ")");
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
     * Everything a role needs to read a database secret: GetSecretValue on exactly it ({@link Grants#readSecret})
     * and, for a customer managed key, kms:Decrypt through Secrets Manager ({@link Grants#decryptSecret}). The
     * aws/secretsmanager key needs no grant: its key policy already lets the account's principals use it.
     *
     * @param kmsKeyArn null for the aws/secretsmanager key
     */
    public static List<Output<PolicyDocument.Statement>> secretStatements(Output<String> secretArn,
                                                                           Output<String> kmsKeyArn,
                                                                           InvokeOptions invoke) {
        List<Output<PolicyDocument.Statement>> out = new ArrayList<>();
        out.add(secretArn.applyValue(Grants::readSecret));
        if (kmsKeyArn != null) {
            out.add(Output.tuple(kmsKeyArn, AwsLocation.lookUp(invoke)).applyValue(t -> Grants.decryptSecret(t.t1, t.t2)));
        }
        return out;
    }

    /** {@link #secretStatements(Output, Output, InvokeOptions)} for this client's secret. */
    public List<Output<PolicyDocument.Statement>> secretStatements(InvokeOptions invoke) {
        return secretStatements(secretArn, secretKmsKeyArn, invoke);
    }
}
