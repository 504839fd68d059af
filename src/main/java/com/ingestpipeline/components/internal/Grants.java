package com.ingestpipeline.components.internal;

import java.util.List;

/**
 * The grants several roles share, each built in exactly one place: the migrate, ingest and status functions,
 * the RDS Proxy and the batch worker all read the database secret and decrypt it the same way.
 */
public final class Grants {
    private Grants() {
    }

    /** {@code secretsmanager:GetSecretValue} on exactly one secret: all a client (or RDS Proxy) calls to connect. */
    public static PolicyDocument.Statement readSecret(String secretArn) {
        return PolicyDocument.allow("ReadDatabaseSecret", List.of("secretsmanager:GetSecretValue"), List.of(secretArn));
    }

    /**
     * kms:Decrypt on the secret's customer managed key, only when Secrets Manager asks on the caller's behalf:
     * a secret under such a key is unreadable with GetSecretValue alone (Secrets Manager decrypts with the
     * caller's permissions).
     */
    public static PolicyDocument.Statement decryptSecret(String kmsKeyArn, AwsLocation at) {
        return decryptVia("DecryptDatabaseSecret", kmsKeyArn, "secretsmanager", at);
    }

    /** kms:Decrypt on one key, only through one service ({@code kms:ViaService}, e.g. S3 reading an SSE-KMS object). */
    public static PolicyDocument.Statement decryptVia(String sid, String kmsKeyArn, String service, AwsLocation at) {
        return useKeyVia(sid, List.of("kms:Decrypt"), kmsKeyArn, service, at);
    }

    /**
     * {@code actions} on one key, only when {@code service} uses it on the caller's behalf, never directly with the
     * role's credentials (e.g. S3 encrypting a new SSE-KMS object needs kms:GenerateDataKey as well).
     */
    public static PolicyDocument.Statement useKeyVia(String sid, List<String> actions, String kmsKeyArn, String service,
                                                     AwsLocation at) {
        return PolicyDocument.allow(sid, actions, List.of(kmsKeyArn))
            .when("StringEquals", "kms:ViaService", at.serviceEndpoint(service));
    }
}
