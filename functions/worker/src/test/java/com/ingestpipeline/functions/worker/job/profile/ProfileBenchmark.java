package com.ingestpipeline.functions.worker.job.profile;

import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Throughput of the default job, beside two floors measured in the same run: reading the file
 * (and, for gzip, decompressing it) and parsing it with the same reader, chunking, parser and
 * threads but no typing, profiling or output. Between them, the job's steps are switched on one at
 * a time, so each step's cost shows. Not a test: run it by hand (docs/worker.md) and commit the
 * figures. It lives in the test sources so the deployed jar does not carry it.
 *
 * <pre>java -Xmx1g -cp functions/worker/target/test-classes:functions/worker/target/batch-worker.jar \
 *     com.ingestpipeline.functions.worker.job.profile.ProfileBenchmark [dir=/tmp/worker-bench] [sizeMiB=1024] [runs=3]</pre>
 */
public final class ProfileBenchmark {
    private static long lastNormalizedBytes;

    private ProfileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/worker-bench");
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = Runtime.getRuntime().availableProcessors();
        Files.createDirectories(dir);
        Path csv = dir.resolve("bench-" + (size >> 20) + "m.csv");
        Path gz = dir.resolve(csv.getFileName() + ".gz");
        if (!Files.exists(csv) || Files.size(csv) < size) {
            generate(csv, size);
        }
        if (!Files.exists(gz)) {
            compress(csv, gz);
        }
        long bytes = Files.size(csv);
        System.out.printf("file: %s, %.1f MiB CSV (%.1f MiB gzip), %d cores, max heap %d MiB, %d runs (median)%n",
                csv, bytes / 1048576.0, Files.size(gz) / 1048576.0, threads, Runtime.getRuntime().maxMemory() >> 20, runs);
        System.out.println("MB/s: uncompressed input megabytes (10^6) per wall-clock second. cpu ms/MB: CPU time of this"
                + " process per MB, which other processes' load does not change; 'if alone' = cores x 1000 / (cpu ms/MB),"
                + " the rate with every core to itself. cores = CPU time / wall time. load = 1-minute load average"
                + " before the step.");
        for (Path input : List.of(csv, gz)) {
            boolean gzip = input == gz;
            System.out.printf("%n%s input%s%n", gzip ? "gzip" : "plain",
                    "                                  MB/s  cpu ms/MB  if alone  cores  load");
            row(gzip ? "read + inflate floor (one thread)" : "read floor (one thread)",
                    measure(runs, () -> timeRead(input, gzip), bytes, threads));
            Rate parse = measure(runs, () -> timeProfile(input, threads, ChunkProcessor.Mode.PARSE_ONLY), bytes, threads);
            row("parse-only floor", parse);
            row(" + typing and JSON text", measure(runs,
                    () -> timeProfile(input, threads, ChunkProcessor.Mode.JSON_ONLY), bytes, threads));
            row(" + statistics and sketches", measure(runs,
                    () -> timeProfile(input, threads, ChunkProcessor.Mode.PROFILE_UNCOMPRESSED), bytes, threads));
            row(" + gzip (output discarded)", measure(runs,
                    () -> timeProfile(input, threads, ChunkProcessor.Mode.FULL), bytes, threads));
            resetPeaks();
            Rate full = measure(runs, () -> timeJob(input, threads, dir), bytes, threads);
            long peak = heapPeak();
            row("profile job, files written", full);
            System.out.printf("  job / parse-only floor: %.2f wall, %.2f CPU | peak heap %d MiB | normalized.jsonl.gz"
                            + " %.3f bytes per input byte%n", full.wall / parse.wall, parse.cpuMsPerMb / full.cpuMsPerMb,
                    peak >> 20, (double) lastNormalizedBytes / bytes);
        }
        System.out.println();
        System.out.println("Goals: profile job >= 125 MB/s and >= 0.5 x parse-only floor, peak heap bounded");
    }

    private static void row(String label, Rate r) {
        System.out.printf("  %-34s %8.1f %9.2f %9.1f %6.2f %5.1f%n", label, r.wall, r.cpuMsPerMb, r.ifAlone, r.cores, r.load);
    }

    /** Median wall-clock rate, median CPU milliseconds per MB, and the load average before the step. */
    private record Rate(double wall, double cpuMsPerMb, double ifAlone, double cores, double load) {
    }

    private static Rate measure(int runs, Timed t, long bytes, int cores) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        double[] used = new double[runs];
        double mb = bytes / 1e6;
        for (int i = 0; i < runs; i++) {
            long cpuStart = os.getProcessCpuTime();
            long nanos = t.nanos();
            long cpuNanos = os.getProcessCpuTime() - cpuStart;
            wall[i] = mb / (nanos / 1e9);
            cpu[i] = cpuNanos / 1e6 / mb;
            used[i] = (double) cpuNanos / nanos;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        Arrays.sort(used);
        double cpuMs = cpu[runs / 2];
        return new Rate(wall[runs / 2], cpuMs, cores * 1000 / cpuMs, used[runs / 2], load);
    }

    private interface Timed {
        long nanos() throws Exception;
    }

    private static long timeRead(Path input, boolean gzip) throws IOException {
        long start = System.nanoTime();
        if (gzip) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(input), 1 << 16)) {
                byte[] buf = new byte[1 << 20];
                while (in.read(buf) >= 0) {
                    // drain
                }
            }
        } else {
            try (FileChannel ch = FileChannel.open(input)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                while (ch.read(buf) >= 0) {
                    buf.clear();
                }
            }
        }
        return System.nanoTime() - start;
    }

    private static long timeProfile(Path input, int threads, ChunkProcessor.Mode mode) throws Exception {
        Profiler p = new Profiler(Profiler.Format.CSV, Profiler.Settings.defaults(threads));
        long start = System.nanoTime();
        p.run(input, "none", OutputStream.nullOutputStream(), mode, null);
        return System.nanoTime() - start;
    }

    private static long timeJob(Path input, int threads, Path dir) throws Exception {
        Path out = dir.resolve("out");
        long start = System.nanoTime();
        JobResult r = new ProfileJob().run(new JobContext(1, input, "csv", "none", new OutputFiles(out), threads));
        long nanos = System.nanoTime() - start;
        if (r.rowCount() == 0) {
            throw new IllegalStateException("benchmark file produced no rows");
        }
        lastNormalizedBytes = Files.size(r.outputs().get(ProfileJob.NORMALIZED));
        for (Path p : r.outputs().values()) {
            Files.delete(p);
        }
        return nanos;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** A realistic mix: ids, timestamps, user names, amounts, countries, nullable scores, quoted comments. */
    static void generate(Path file, long size) throws IOException {
        String[] countries = {"NO", "SE", "DK", "DE", "FR", "ES", "IT", "PL", "NL", "US"};
        String[] words = {"late", "delivery", "refund", "great", "service", "box", "damaged", "fast", "again", "ok"};
        Random r = new Random(42);
        StringBuilder row = new StringBuilder(256);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write("id,created_at,user,amount,country,score,comment\n".getBytes(StandardCharsets.US_ASCII));
            long written = 0;
            for (long id = 1; written < size; id++) {
                row.setLength(0);
                row.append(id).append(",2025-").append(two(1 + r.nextInt(12))).append('-').append(two(1 + r.nextInt(28)))
                        .append('T').append(two(r.nextInt(24))).append(':').append(two(r.nextInt(60))).append(":00Z,")
                        .append("user_").append(r.nextInt(500_000)).append(',')
                        .append(r.nextInt(100_000)).append('.').append(two(r.nextInt(100))).append(',')
                        .append(countries[r.nextInt(countries.length)]).append(',');
                if (r.nextInt(10) > 0) {
                    row.append(r.nextInt(1000) / 100.0);
                }
                row.append(',');
                boolean quoted = r.nextInt(4) == 0;
                if (quoted) {
                    row.append('"');
                }
                for (int w = 0; w < 3 + r.nextInt(5); w++) {
                    row.append(w == 0 ? "" : quoted && w == 2 ? ", " : " ").append(words[r.nextInt(words.length)]);
                }
                if (quoted) {
                    row.append('"');
                }
                row.append('\n');
                byte[] b = row.toString().getBytes(StandardCharsets.US_ASCII);
                out.write(b);
                written += b.length;
            }
        }
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static void compress(Path csv, Path gz) throws IOException {
        try (InputStream in = Files.newInputStream(csv);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            in.transferTo(out);
        }
    }
}
