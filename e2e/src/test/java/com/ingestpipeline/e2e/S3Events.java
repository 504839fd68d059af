package com.ingestpipeline.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * S3 events in the two shapes the ingest function receives. S3 event notifications in the shape S3 delivers them to
 * Lambda (event structure version 2.1,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html): the key
 * URL-encoded as S3 encodes it (space as {@code +}, {@code +} as {@code %2B}, {@code /} kept), the ETag without
 * quotes, the version id, and a hex sequencer.
 */
public final class S3Events {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Events() {
    }

    /** The key as it appears in {@code s3.object.key}. */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/").replace("%7E", "~");
    }

    /** An {@code ObjectCreated:Put} record for the object {@code head} describes. */
    public static byte[] objectCreated(String region, String bucket, String key, HeadObjectResponse head,
                                       String sequencer, String configurationId, Instant when) {
        ObjectNode record = JSON.createObjectNode()
                .put("eventVersion", "2.1")
                .put("eventSource", "aws:s3")
                .put("awsRegion", region)
                .put("eventTime", when.toString())
                .put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "AWS:AIDAE2EEXAMPLEUPLOADER");
        record.putObject("requestParameters").put("sourceIPAddress", "10.20.1.17");
        record.putObject("responseElements").put("x-amz-request-id", "E2E0A1B2C3D4E5F6")
                .put("x-amz-id-2", "e2eZGV2LWluZ2VzdC1idWNrZXQ=");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", configurationId);
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket)
                .putObject("ownerIdentity").put("principalId", "A3E2EOWNEREXAMPLE");
        ObjectNode object = s3.putObject("object")
                .put("key", encodeKey(key))
                .put("size", head.contentLength())
                .put("eTag", head.eTag().replace("\"", ""));
        if (head.versionId() != null && !head.versionId().equals("null")) {
            object.put("versionId", head.versionId());
        }
        object.put("sequencer", sequencer);
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").add(record);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@code Object Created} event S3 sends to EventBridge for the object {@code head} describes
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html): the key as it is, {@code etag},
     * {@code version-id}, {@code sequencer} in lower case as the documented examples show it.
     */
    public static byte[] eventBridgeObjectCreated(String region, String account, String bucket, String key,
                                                  HeadObjectResponse head, String sequencer, Instant when) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", "e2e0a1b2-c3d4-e5f6-0718-293a4b5c6d7e")
                .put("detail-type", "Object Created")
                .put("source", "aws.s3")
                .put("account", account)
                .put("time", when.toString().replaceFirst("\\.\\d+Z$", "Z"))
                .put("region", region);
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = event.putObject("detail").put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        ObjectNode object = detail.putObject("object")
                .put("key", key)
                .put("size", head.contentLength())
                .put("etag", head.eTag().replace("\"", ""));
        if (head.versionId() != null && !head.versionId().equals("null")) {
            object.put("version-id", head.versionId());
        }
        object.put("sequencer", sequencer.toLowerCase(java.util.Locale.ROOT));
        detail.put("request-id", "E2E0A1B2C3D4E5F6").put("requester", account)
                .put("source-ip-address", "10.40.1.17").put("reason", "PutObject");
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
