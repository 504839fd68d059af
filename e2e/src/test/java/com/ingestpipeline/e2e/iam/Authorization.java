package com.ingestpipeline.e2e.iam;

import java.util.Map;

/**
 * What IAM is asked for one API call: an action (e.g. {@code s3:GetObject}) on a resource ARN, with the request's
 * condition keys (e.g. {@code s3:prefix} of a list request).
 */
public record Authorization(String action, String resource, Map<String, String> context) {
    public Authorization(String action, String resource) {
        this(action, resource, Map.of());
    }
}
