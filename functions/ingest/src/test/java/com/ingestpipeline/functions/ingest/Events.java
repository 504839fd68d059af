package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Loads S3 event notifications and S3 EventBridge events from {@code src/test/resources/events/} and points them at
 * test objects.
 */
final class Events {
    static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    static byte[] raw(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no event file events/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode load(String name) {
        try {
            return (ObjectNode) JSON.readTree(raw(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code s3} node of record {@code i}. */
    static ObjectNode s3(ObjectNode event, int i) {
        return (ObjectNode) event.get("Records").get(i).get("s3");
    }

    /**
     * Rewrites record 0 of {@code name} to describe an object as S3 would: bucket, URL-encoded key, size, ETag,
     * sequencer and (if not null) version id.
     */
    static ObjectNode forObject(String name, String bucket, String key, long size, String etag, String sequencer,
                                String versionId) {
        ObjectNode event = load(name);
        ObjectNode s3 = s3(event, 0);
        ((ObjectNode) s3.get("bucket")).put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = (ObjectNode) s3.get("object");
        object.put("key", encode(key));
        if (object.has("size") || size >= 0) {
            object.put("size", size);
        }
        if (etag != null) {
            object.put("eTag", etag);
        }
        object.put("sequencer", sequencer);
        if (versionId != null) {
            object.put("versionId", versionId);
        } else {
            object.remove("versionId");
        }
        return event;
    }

    /**
     * {@code eventbridge-object-created.json} rewritten to describe an object as S3 sends it to EventBridge: bucket,
     * key verbatim (EventBridge events carry it unencoded), size, ETag, sequencer and (if not null) version id.
     */
    static ObjectNode eventBridge(String bucket, String key, long size, String etag, String sequencer,
                                  String versionId) {
        ObjectNode event = load("eventbridge-object-created.json");
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = (ObjectNode) event.get("detail");
        ((ObjectNode) detail.get("bucket")).put("name", bucket);
        ObjectNode object = (ObjectNode) detail.get("object");
        object.put("key", key).put("size", size).put("etag", etag).put("sequencer", sequencer);
        if (versionId != null) {
            object.put("version-id", versionId);
        } else {
            object.remove("version-id");
        }
        return event;
    }

    /** How S3 writes a key into an event: form-encoded per path segment ({@code /} stays, space becomes {@code +}). */
    static String encode(String key) {
        return Arrays.stream(key.split("/", -1))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/"));
    }

    static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
