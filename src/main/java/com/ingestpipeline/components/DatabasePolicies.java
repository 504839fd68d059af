package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.PolicyDocument;

import java.util.List;

/** The database's IAM statements as pure functions of concrete ARNs, so they are testable without Pulumi. */
final class DatabasePolicies {
    private DatabasePolicies() {
    }

    /** Trust for an AWS service, limited to calls on behalf of this account (confused-deputy guard). */
    static String serviceTrust(String service, String accountId) {
        return PolicyDocument.toJson(List.of(PolicyDocument.serviceTrust(service, accountId)));
    }
}
