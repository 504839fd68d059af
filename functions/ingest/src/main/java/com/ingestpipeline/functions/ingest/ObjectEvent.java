package com.ingestpipeline.functions.ingest;

/**
 * One record of an S3 event notification, with the key already decoded.
 *
 * @param eventName e.g. {@code ObjectCreated:Put}
 * @param rawKey    the key as S3 sent it (URL-encoded, {@code +} for spaces)
 * @param key       the decoded key, or null when {@link #keyError} is set
 * @param size      the size S3 reported in the event (may be 0 for some event types)
 * @param eTag      may be empty for some event types
 * @param versionId null for unversioned buckets
 * @param keyError  why the key could not be decoded; null when it could
 */
public record ObjectEvent(String eventName, String bucket, String rawKey, String key, long size, String eTag,
                          String versionId, String sequencer, String keyError) {
    public boolean isObjectCreated() {
        return eventName != null && eventName.startsWith("ObjectCreated:");
    }
}
