package com.ingestpipeline.functions.worker.job.profile;

import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a JVM with a small heap by {@link LargeFileTest}: profiles a generated file several times the heap size. */
public final class LargeFileProbe {
    private LargeFileProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        Path csv = dir.resolve("large.csv");
        ProfileBenchmark.generate(csv, size);
        JobResult r = new ProfileJob().run(new JobContext(1, csv, "csv", "none", new OutputFiles(dir.resolve("out")), 2));
        System.out.println("fileBytes=" + Files.size(csv) + " maxHeap=" + Runtime.getRuntime().maxMemory()
                + " rows=" + r.rowCount() + " malformed=" + r.malformedCount()
                + " normalizedBytes=" + Files.size(r.outputs().get(ProfileJob.NORMALIZED)));
    }
}
