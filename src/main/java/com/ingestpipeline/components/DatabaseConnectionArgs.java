package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.Optional;

/**
 * Where the pipeline's PostgreSQL database is and how a client reaches it: the {@code database} input of
 * {@link IngestPipeline}, {@link OrchestrationFlow} and {@link BatchComputeNode}. {@link Database#connection()}
 * returns one filled in; a database outside this library is described with {@link #builder()}. Each client
 * turns it into its {@code DB_*} environment, a read grant on exactly the secret, and (with
 * {@code securityGroupId}) its own ingress rule on the database's group.
 */
public final class DatabaseConnectionArgs extends ResourceArgs {
    /** PostgreSQL host: the instance address or the RDS Proxy endpoint ({@code DB_HOST}). Default: none (required). */
    @Import(name = "host", required = true)
    private Output<String> host;

    /** PostgreSQL port, 1..65535 ({@code DB_PORT}). Default: 5432. */
    @Import(name = "port")
    private Integer port;

    /** Database name ({@code DB_NAME}). Default: none (required). */
    @Import(name = "name", required = true)
    private Output<String> name;

    /** ARN of the Secrets Manager secret with {@code username} and {@code password} ({@code DB_SECRET_ARN}); each client may read exactly this secret. Default: none (required). */
    @Import(name = "secretArn", required = true)
    private Output<String> secretArn;

    /** Customer managed KMS key encrypting the secret (Database's kmsKeyArn): each client gets kms:Decrypt on it, only through Secrets Manager. Default: none (the aws/secretsmanager key, no grant). */
    @Import(name = "secretKmsKeyArn")
    private Output<String> secretKmsKeyArn;

    /** Security group of the database: each client adds its own ingress rule on it (the port, from the client's group) and sends its database traffic only to it. Default: none (database egress to the VPC CIDR, no rule added). */
    @Import(name = "securityGroupId")
    private Output<String> securityGroupId;

    /** PostgreSQL sslmode ({@code DB_SSL_MODE}): verify-full, verify-ca or require, the same for every client (only modes that encrypt; the database refuses plaintext anyway). Default: verify-full. */
    @Import(name = "sslMode")
    private String sslMode;

    private DatabaseConnectionArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code connection}'s values, e.g. {@code builder(database.connection()).sslMode("verify-ca")}. */
    public static Builder builder(DatabaseConnectionArgs connection) {
        Builder b = new Builder();
        if (connection != null) {
            b.args.host = connection.host;
            b.args.port = connection.port;
            b.args.name = connection.name;
            b.args.secretArn = connection.secretArn;
            b.args.secretKmsKeyArn = connection.secretKmsKeyArn;
            b.args.securityGroupId = connection.securityGroupId;
            b.args.sslMode = connection.sslMode;
        }
        return b;
    }

    /** The host; null only when not set (the client component refuses that). */
    public Output<String> host() { return host; }
    public Optional<Integer> port() { return Optional.ofNullable(port); }
    /** The database name; null only when not set (the client component refuses that). */
    public Output<String> name() { return name; }
    /** The secret ARN; null only when not set (the client component refuses that). */
    public Output<String> secretArn() { return secretArn; }
    public Optional<Output<String>> secretKmsKeyArn() { return Optional.ofNullable(secretKmsKeyArn); }
    public Optional<Output<String>> securityGroupId() { return Optional.ofNullable(securityGroupId); }
    public Optional<String> sslMode() { return Optional.ofNullable(sslMode); }

    /** Hand-written builder; unset fields stay null and mean "use the default". */
    public static final class Builder {
        private final DatabaseConnectionArgs args = new DatabaseConnectionArgs();

        public Builder host(Output<String> v) { args.host = v; return this; }
        public Builder host(String v) { return host(v == null ? null : Output.of(v)); }
        public Builder port(Integer v) { args.port = v; return this; }
        public Builder name(Output<String> v) { args.name = v; return this; }
        public Builder name(String v) { return name(v == null ? null : Output.of(v)); }
        public Builder secretArn(Output<String> v) { args.secretArn = v; return this; }
        public Builder secretArn(String v) { return secretArn(v == null ? null : Output.of(v)); }
        public Builder secretKmsKeyArn(Output<String> v) { args.secretKmsKeyArn = v; return this; }
        public Builder secretKmsKeyArn(String v) { return secretKmsKeyArn(v == null ? null : Output.of(v)); }
        public Builder securityGroupId(Output<String> v) { args.securityGroupId = v; return this; }
        public Builder securityGroupId(String v) { return securityGroupId(v == null ? null : Output.of(v)); }
        public Builder sslMode(String v) { args.sslMode = v; return this; }

        /** A new Args each call: later setter calls never change one already handed to a component. */
        public DatabaseConnectionArgs build() {
            return builder(args).args;
        }
    }
}
