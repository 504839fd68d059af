package com.ingestpipeline.functions.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Step Functions execution names derived from the object's identity (docs/design.md): {@code f-} + the first 64 hex
 * digits of sha256({@code bucket \n key \n versionId-or-etag \n sequencer}). A re-delivered event maps to the same
 * name, and Step Functions refuses a second execution with a name already used (for 90 days), so a duplicate
 * delivery cannot start duplicate work. 66 characters, all legal in a name (max 80).
 */
final class ExecutionNames {
    /**
     * One digest per thread, reset by each {@code digest()}: looking SHA-256 up through the security providers for
     * every record cost several times the hash itself on the ingest path.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    });
    private static final HexFormat HEX = HexFormat.of();

    private ExecutionNames() {
    }

    static String of(String bucket, String key, String versionId, String etag, String sequencer) {
        return hashed("f-", bucket + "\n" + key + "\n" + (versionId != null && !versionId.isEmpty() ? versionId : etag)
                + "\n" + sequencer);
    }

    /**
     * The execution a backfill run in {@code reprocess} mode starts for an object: {@code r-} + sha256({@code runId \n
     * bucket \n key \n versionId-or-etag}). A retried batch of the same run maps to the same name (nothing started
     * twice); another run to a new one (processing starts again).
     */
    static String reprocess(String runId, String bucket, String key, String versionId, String etag) {
        return hashed("r-", runId + "\n" + bucket + "\n" + key + "\n"
                + (versionId != null && !versionId.isEmpty() ? versionId : etag));
    }

    private static String hashed(String prefix, String identity) {
        byte[] digest = SHA_256.get().digest(identity.getBytes(StandardCharsets.UTF_8));
        return prefix + HEX.formatHex(digest);
    }
}
