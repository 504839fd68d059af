package com.ingestpipeline.components.internal;

import com.pulumi.asset.FileArchive;
import com.pulumi.asset.FileAsset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The function and worker jars that the library ships inside its own jar (built by functions/).
 *
 * <p>They are copied out to {@code ${java.io.tmpdir}/ingest-pipeline-artifacts/<sha256>/<file>}: a path that
 * depends only on the content, so a program that depends on the library (not on this repo) gets a stable
 * asset and Pulumi redeploys only when the code changed.
 */
public final class BundledArtifacts {
    public static final String INGEST_FUNCTION = "ingest-function.jar";
    public static final String BATCH_WORKER = "batch-worker.jar";
    private static final String RESOURCE_DIR = "/com/ingestpipeline/artifacts/";
    private static final Map<String, Artifact> CACHE = new ConcurrentHashMap<>();

    private BundledArtifacts() {
    }

    /** A materialised artifact: where it is on disk and the sha256 of its bytes. */
    public record Artifact(String fileName, Path path, String sha256) {
        /** For Lambda code: a jar is a zip archive. */
        public FileArchive archive() {
            return new FileArchive(path.toString());
        }

        /** For an S3 object upload. */
        public FileAsset asset() {
            return new FileAsset(path.toString());
        }
    }

    /** The Lambda jar holding the ingest, status and migrate handlers. */
    public static Artifact ingestFunction() {
        return bundled(INGEST_FUNCTION);
    }

    /** The EC2 batch worker's runnable jar. */
    public static Artifact batchWorker() {
        return bundled(BATCH_WORKER);
    }

    /**
     * sha256 over the ingest jar's {@code db/migration/*} entries (names and bytes, in name order): changes
     * exactly when the migration set changes, so the stack re-runs migrations only then.
     */
    public static String migrationsHash() {
        return migrationsHash(ingestFunction().path());
    }

    /** {@link #migrationsHash()} of any jar: what the stack compares, separate from where the jar comes from. */
    static String migrationsHash(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Map<String, ZipEntry> migrations = new TreeMap<>();
            zip.stream().filter(e -> e.getName().startsWith("db/migration/") && !e.isDirectory())
                .forEach(e -> migrations.put(e.getName(), e));
            if (migrations.isEmpty()) {
                throw new IllegalStateException(INGEST_FUNCTION + " contains no db/migration/ entries");
            }
            MessageDigest digest = sha256();
            for (Map.Entry<String, ZipEntry> e : migrations.entrySet()) {
                digest.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = zip.getInputStream(e.getValue())) {
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrations from " + jar, e);
        }
    }

    private static Artifact bundled(String fileName) {
        return CACHE.computeIfAbsent(fileName, BundledArtifacts::materialise);
    }

    private static Artifact materialise(String fileName) {
        String resource = RESOURCE_DIR + fileName;
        try {
            Path staging = Files.createTempFile("ingest-pipeline-", "-" + fileName);
            String sha;
            try (InputStream raw = BundledArtifacts.class.getResourceAsStream(resource)) {
                if (raw == null) {
                    throw new IllegalStateException("bundled artifact " + resource + " is missing from the classpath: "
                        + "build the library with `mvn package` (it builds functions/ first) or pass your own code");
                }
                MessageDigest digest = sha256();
                try (DigestInputStream in = new DigestInputStream(raw, digest)) {
                    Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
                }
                sha = HexFormat.of().formatHex(digest.digest());
            }
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "ingest-pipeline-artifacts", sha);
            Files.createDirectories(dir);
            Path target = dir.resolve(fileName);
            if (Files.exists(target) && Files.size(target) == Files.size(staging)) {
                Files.delete(staging);
            } else {
                // Atomic move: a concurrent run never sees a half-written jar at the content-addressed path.
                Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Artifact(fileName, target, sha);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot materialise " + resource, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
