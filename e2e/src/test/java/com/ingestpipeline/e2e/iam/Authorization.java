package com.ingestpipeline.e2e.iam;

/** What IAM is asked for one API call: an action (e.g. {@code s3:GetObject}) on a resource ARN. */
public record Authorization(String action, String resource) {
}
