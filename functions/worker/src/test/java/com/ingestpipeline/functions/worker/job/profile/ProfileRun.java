package com.ingestpipeline.functions.worker.job.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Runs the profile job on bytes in a temporary directory and reads back what it wrote. */
final class ProfileRun {
    static final ObjectMapper MAPPER = new ObjectMapper();

    final JobResult result;
    final JsonNode profile;
    final List<JsonNode> normalized;
    final Path dir;

    private ProfileRun(JobResult result, Path dir) throws IOException {
        this.result = result;
        this.dir = dir;
        this.profile = MAPPER.readTree(result.outputs().get(ProfileJob.PROFILE).toFile());
        this.normalized = readJsonLines(result.outputs().get(ProfileJob.NORMALIZED));
    }

    static ProfileRun run(Path tmp, String format, String compression, byte[] content) throws Exception {
        return run(tmp, format, compression, content, new ProfileJob(), 2);
    }

    static ProfileRun run(Path tmp, String format, String compression, byte[] content, ProfileJob job, int threads)
            throws Exception {
        Path dir = Files.createTempDirectory(tmp, "run");
        Path input = dir.resolve("input");
        Files.write(input, content);
        OutputFiles outputs = new OutputFiles(dir.resolve("out"));
        JobResult r = job.run(new JobContext(42, input, format, compression, outputs, threads));
        return new ProfileRun(r, dir);
    }

    /** Chunks of a few hundred bytes, so small test files cross many chunk boundaries. */
    static ProfileJob tinyChunks() {
        return new ProfileJob(t -> new Profiler.Settings(t, 256, 1 << 20, 1024));
    }

    static List<JsonNode> readJsonLines(Path gz) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(MAPPER.readTree(line));
                }
            }
        }
        return lines;
    }

    JsonNode column(String name) {
        for (JsonNode c : profile.get("columns")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name + " in " + profile);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }
}
