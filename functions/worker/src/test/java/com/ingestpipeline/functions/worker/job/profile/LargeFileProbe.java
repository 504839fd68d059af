package com.ingestpipeline.functions.worker.job.profile;

import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import com.ingestpipeline.functions.worker.job.SampleCsv;
import com.ingestpipeline.functions.worker.job.duckdb.DuckDbSettings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM of its own by {@link LargeFileTest}: profiles a generated CSV larger than DuckDB's
 * {@code memory_limit}, then prints the process's peak resident memory ({@code VmHWM}).
 */
public final class LargeFileProbe {
    private LargeFileProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        long memoryLimit = Long.parseLong(args[2]);
        Path csv = dir.resolve("input");
        long generated = SampleCsv.generate(csv, size);
        JobResult r = new ProfileJob().run(new JobContext(1, csv, "csv", "none", new OutputFiles(dir.resolve("out")),
                new DuckDbSettings(memoryLimit, 2, dir.resolve("tmp"))));
        System.out.println("fileBytes=" + Files.size(csv) + " memoryLimit=" + memoryLimit
                + " maxHeap=" + Runtime.getRuntime().maxMemory() + " peakRss=" + peakRssBytes()
                + " generatedRows=" + generated + " rows=" + r.rowCount() + " malformed=" + r.malformedCount()
                + " parquetBytes=" + Files.size(r.outputs().get(ProfileJob.DATA)));
    }

    /** Linux: the high-water mark of this process's resident set, from /proc/self/status. */
    static long peakRssBytes() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }
}
