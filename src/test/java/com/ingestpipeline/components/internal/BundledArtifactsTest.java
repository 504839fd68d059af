package com.ingestpipeline.components.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundledArtifactsTest {
    @TempDir
    Path dir;

    @Test
    void materialisesTheJarsAtAContentAddressedPath() throws Exception {
        var ingest = BundledArtifacts.ingestFunction();
        assertThat(ingest.path()).endsWith(Path.of(ingest.sha256(), "ingest-function.jar"));
        assertThat(ingest.sha256()).as("the name is the sha256 of the bytes at that path")
            .isEqualTo(sha256(Files.readAllBytes(ingest.path())));
        assertThat(BundledArtifacts.batchWorker().path().getFileName().toString()).isEqualTo("batch-worker.jar");
        assertThat(BundledArtifacts.batchWorker().sha256())
            .isEqualTo(sha256(Files.readAllBytes(BundledArtifacts.batchWorker().path())));
    }

    @Test
    void migrationsHash_coversExactlyTheMigrationEntries_namesAndBytesInNameOrder() throws Exception {
        Path jar = jar("a.jar", Map.of("db/migration/V1__a.sql", "create table a();",
            "db/migration/V2__b.sql", "create table b();", "com/x/Handler.class", "code v1"));
        // name, NUL, bytes for each migration in name order (docs/design.md, "Bundled artifacts").
        String expected = sha256(("db/migration/V1__a.sql\0create table a();"
            + "db/migration/V2__b.sql\0create table b();").getBytes(StandardCharsets.UTF_8));
        assertThat(BundledArtifacts.migrationsHash(jar)).isEqualTo(expected);

        Path otherCode = jar("b.jar", Map.of("db/migration/V1__a.sql", "create table a();",
            "db/migration/V2__b.sql", "create table b();", "com/x/Handler.class", "code v2"));
        assertThat(BundledArtifacts.migrationsHash(otherCode)).as("a code change does not re-run migrations")
            .isEqualTo(expected);

        Path changedMigration = jar("c.jar", Map.of("db/migration/V1__a.sql", "create table a(id int);",
            "db/migration/V2__b.sql", "create table b();"));
        assertThat(BundledArtifacts.migrationsHash(changedMigration)).isNotEqualTo(expected);
    }

    @Test
    void migrationsHash_ofAJarWithoutMigrations_fails() throws Exception {
        Path jar = jar("none.jar", Map.of("com/x/Handler.class", "code"));
        assertThatThrownBy(() -> BundledArtifacts.migrationsHash(jar))
            .hasMessageContaining("contains no db/migration/ entries");
    }

    @Test
    void theBundledIngestJarCarriesMigrations() {
        assertThat(BundledArtifacts.migrationsHash()).hasSize(64)
            .isNotEqualTo(BundledArtifacts.ingestFunction().sha256());
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
