package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.PolicyDocument;
import com.ingestpipeline.components.internal.PolicyDocument.Statement;

import java.util.List;

/** The database's IAM statements as pure functions of concrete ARNs, so they are testable without Pulumi. */
final class DatabasePolicies {
    private DatabasePolicies() {
    }

    /**
     * Read the one database secret (migrate function, RDS Proxy). GetSecretValue only: the migrate code calls
     * nothing else, and RDS Proxy's documented role policy needs nothing else ("Setting up AWS Identity and
     * Access Management (IAM) policies" in the RDS Proxy guide).
     */
    static Statement readSecret(String secretArn) {
        return PolicyDocument.allow("ReadDatabaseSecret", List.of("secretsmanager:GetSecretValue"), List.of(secretArn));
    }

    /** Decrypt with the customer key, but only when Secrets Manager asks on the caller's behalf. */
    static Statement decryptSecretViaSecretsManager(String kmsKeyArn, String region) {
        return PolicyDocument.allow("DecryptDatabaseSecret", List.of("kms:Decrypt"), List.of(kmsKeyArn))
            .when("StringEquals", "kms:ViaService", "secretsmanager." + region + ".amazonaws.com");
    }

    /** Trust for an AWS service, limited to calls on behalf of this account (confused-deputy guard). */
    static String serviceTrust(String service, String accountId) {
        return PolicyDocument.toJson(List.of(PolicyDocument.serviceTrust(service, accountId)));
    }
}
