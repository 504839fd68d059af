package com.ingestpipeline.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ReproducibilityCheckTest {
    @TempDir
    Path dir;

    private Path jar(String name, long entryTime) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry = new ZipEntry("com/example/Handler.class");
            entry.setTime(entryTime);
            zip.putNextEntry(entry);
            zip.write("same bytes".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    @Test
    void identicalJarsPassAndPrintTheirHash() throws IOException {
        Path a = jar("a.jar", 1_767_225_600_000L);
        Path b = jar("b.jar", 1_767_225_600_000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ReproducibilityCheck.run(new String[] {a.toString(), b.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8))).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("reproducible: a.jar sha256 " + ReproducibilityCheck.sha256(a));
    }

    @Test
    void aStampedTimeFailsTheCheckAndNamesTheEntry() throws IOException {
        Path a = jar("a.jar", 1_767_225_600_000L);
        Path b = jar("b.jar", 1_767_312_000_000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ReproducibilityCheck.run(new String[] {a.toString(), b.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8))).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("NOT reproducible: a.jar")
            .contains("differs: com/example/Handler.class: time=");
    }
}
