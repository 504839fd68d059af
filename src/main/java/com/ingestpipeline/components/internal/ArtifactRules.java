package com.ingestpipeline.components.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for what a {@code BatchComputeNode} puts in or fetches from its artifacts bucket, in one place: the node
 * checks its {@code workerJarPath}, {@code sqlJobPath} and {@code sqlJobObjectKey} with them, and the stack's settings
 * reader its {@code workerSqlJob} key.
 */
public final class ArtifactRules {
    // No whitespace: a key is a space-separated field of the node's jar pointer object.
    private static final Pattern OBJECT_KEY = Pattern.compile("^[^/\\s\\p{Cntrl}][^\\s\\p{Cntrl}]{0,1023}$");

    private ArtifactRules() {
    }

    /** A file shipped with the stack (the worker jar, a SQL job): it must be there and readable when the plan runs. */
    public static Optional<String> fileProblem(String path) {
        Path file = Path.of(path);
        if (Files.isRegularFile(file) && Files.isReadable(file)) {
            return Optional.empty();
        }
        // A relative path is read from the working directory (the project's, under pulumi): name it.
        return Optional.of("must be a readable file (got " + path
            + (file.isAbsolute() ? "" : ", read from " + Path.of("").toAbsolutePath()) + ")");
    }

    /** A key of the user's in the artifacts bucket, outside the folder the node writes ({@code nodePrefix}). */
    public static Optional<String> objectKeyProblem(String key, String nodePrefix) {
        if (!OBJECT_KEY.matcher(key).matches()) {
            return Optional.of("must be an S3 key without a leading '/', whitespace or control characters (got '" + key
                + "')");
        }
        if (key.startsWith(nodePrefix)) {
            return Optional.of("must not be under " + nodePrefix + ", which the node owns (got '" + key
                + "'); use sqlJobPath to ship a file with the stack");
        }
        return Optional.empty();
    }
}
