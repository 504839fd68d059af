package com.ingestpipeline.e2e.iam;

import com.ingestpipeline.e2e.runtime.ApiCallRecorder.ApiCall;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Maps a recorded SDK call to the IAM authorization AWS performs for it (Service Authorization Reference):
 * HEAD/GET of an object is {@code s3:GetObject}, or {@code s3:GetObjectVersion} when a version id is given; every
 * part of an upload is {@code s3:PutObject}; activity task calls are authorised on the activity that issued the
 * token. An operation not listed here fails the mapping, so a new kind of call cannot slip past the check.
 */
public final class ApiCallMapping {
    private final String region;
    private final String account;
    private final Function<String, Optional<String>> activityForToken;

    /**
     * @param activityForToken the activity ARN a task token belongs to (the fake Step Functions knows)
     */
    public ApiCallMapping(String region, String account, Function<String, Optional<String>> activityForToken) {
        this.region = region;
        this.account = account;
        this.activityForToken = activityForToken;
    }

    public List<Authorization> authorizations(ApiCall call) {
        String op = call.operation();
        return switch (call.service()) {
            case "S3" -> s3(call, op);
            case "Sfn" -> sfn(call, op);
            case "SecretsManager" -> {
                if (!op.equals("GetSecretValue")) {
                    throw unmapped(call);
                }
                String id = call.member("SecretId");
                String arn = id.startsWith("arn:") ? id : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + id;
                yield List.of(new Authorization("secretsmanager:GetSecretValue", arn));
            }
            default -> throw unmapped(call);
        };
    }

    private List<Authorization> s3(ApiCall call, String op) {
        String bucket = call.member("Bucket");
        String object = "arn:aws:s3:::" + bucket + "/" + call.member("Key");
        boolean versioned = call.member("VersionId") != null && !call.member("VersionId").isEmpty();
        return switch (op) {
            case "HeadObject", "GetObject" ->
                    List.of(new Authorization(versioned ? "s3:GetObjectVersion" : "s3:GetObject", object));
            case "PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" ->
                    List.of(new Authorization("s3:PutObject", object));
            case "AbortMultipartUpload" -> List.of(new Authorization("s3:AbortMultipartUpload", object));
            case "DeleteObject" -> List.of(new Authorization(versioned ? "s3:DeleteObjectVersion" : "s3:DeleteObject", object));
            case "ListObjectsV2", "ListObjects" -> List.of(new Authorization("s3:ListBucket", "arn:aws:s3:::" + bucket,
                    call.member("Prefix") == null ? java.util.Map.of() : java.util.Map.of("s3:prefix", call.member("Prefix"))));
            default -> throw unmapped(call);
        };
    }

    private List<Authorization> sfn(ApiCall call, String op) {
        return switch (op) {
            case "StartExecution" -> List.of(new Authorization("states:StartExecution", call.member("stateMachineArn")));
            case "GetActivityTask" -> List.of(new Authorization("states:GetActivityTask", call.member("activityArn")));
            case "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat" -> {
                String token = call.member("taskToken");
                String activity = activityForToken.apply(token).orElseThrow(() -> new IllegalStateException(
                        op + " with a token no activity issued: " + token));
                yield List.of(new Authorization("states:" + op, activity));
            }
            default -> throw unmapped(call);
        };
    }

    private static IllegalStateException unmapped(ApiCall call) {
        return new IllegalStateException("no IAM mapping for " + call.service() + "." + call.operation()
                + " (add it to ApiCallMapping with its action and resource from the Service Authorization Reference)");
    }
}
