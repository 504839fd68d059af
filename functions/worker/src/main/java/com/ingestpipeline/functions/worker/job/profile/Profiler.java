package com.ingestpipeline.functions.worker.job.profile;

import com.ingestpipeline.functions.worker.TaskFailure;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/**
 * The profiling pipeline. A reading thread decompresses the input and cuts it into chunks on
 * record boundaries; one single-threaded executor per core parses, profiles, normalises and gzips
 * each chunk; the calling thread hands chunks out and writes the finished gzip members in input
 * order. At most {@code threads + 2} chunks wait and {@code 2 × threads + 1} are in flight, so
 * memory stays bounded whatever the file size.
 */
public final class Profiler {

    /** Input formats the profiler reads; names as in the task payload. */
    public enum Format {
        CSV((byte) ',', true), TSV((byte) '\t', false), JSONL((byte) 0, false);

        final byte delimiter;
        final boolean quoting;

        Format(byte delimiter, boolean quoting) {
            this.delimiter = delimiter;
            this.quoting = quoting;
        }

        public static Format of(String name) throws TaskFailure {
            if (name != null) {
                for (Format f : values()) {
                    if (f.name().equalsIgnoreCase(name)) {
                        return f;
                    }
                }
            }
            throw TaskFailure.permanent("unsupported format '" + name + "' (expected csv, tsv or jsonl)");
        }
    }

    /**
     * @param threads        parsing threads
     * @param chunkBytes     input bytes per chunk
     * @param maxRecordBytes longest record accepted before the file is rejected
     * @param maxColumns     most columns (or distinct JSON keys) accepted
     */
    public record Settings(int threads, int chunkBytes, int maxRecordBytes, int maxColumns) {
        public static Settings defaults(int threads) {
            return new Settings(threads, 2 << 20, 64 << 20, 1024);
        }
    }

    /** The result of one pass. {@code stats} is empty when statistics were not collected. */
    public record Outcome(List<String> columns, List<ColumnStats> stats, long rows, long malformed,
                          List<ChunkResult.Sample> samples, long uncompressedBytes, boolean gzip) {
    }

    /** Marks the end of the input in the queue between the reading thread and the dispatching one. */
    private static final ChunkReader.Chunk END = new ChunkReader.Chunk(-1, new byte[0], 0, 0);

    private final Format format;
    private final Settings settings;

    public Profiler(Format format, Settings settings) {
        this.format = format;
        this.settings = settings;
    }

    /** Runs one pass over {@code input}, writing the normalised gzip JSON Lines to {@code out}. */
    public Outcome run(Path input, String declaredCompression, OutputStream out, ChunkProcessor.Mode mode,
                       boolean[] forceString) throws IOException, TaskFailure, InterruptedException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(input), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if ("gzip".equals(declaredCompression) && !gzip) {
                throw TaskFailure.permanent("declared gzip, but the object does not start with the gzip magic bytes");
            }
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            return pipeline(new ChunkReader(in, format.quoting, gzip, settings.chunkBytes(),
                    settings.maxRecordBytes()), gzip, out, mode, forceString);
        }
    }

    private Outcome pipeline(ChunkReader reader, boolean gzip, OutputStream out, ChunkProcessor.Mode mode,
                             boolean[] forceString) throws IOException, TaskFailure, InterruptedException {
        ChunkReader.Chunk first = reader.next();
        if (first == null) {
            writeEmptyMember(out, mode);
            return new Outcome(List.of(), List.of(), 0, 0, List.of(), 0, gzip);
        }
        first = checkEncoding(first);
        String[] header = null;
        if (format != Format.JSONL) {
            DelimitedProcessor.Header h;
            try {
                h = DelimitedProcessor.header(first.data(), first.start(), first.end(), format.delimiter,
                        format.quoting, settings.maxColumns());
            } catch (IllegalArgumentException e) {
                throw TaskFailure.permanent(e.getMessage());
            }
            header = h.names();
            first = new ChunkReader.Chunk(first.sequence(), first.data(), h.dataStart(), first.end());
        }
        ColumnRegistry registry = new ColumnRegistry(settings.maxColumns());
        // Chunk n always goes to thread n mod threads, so each thread's sketches see the same values on every
        // run and the distinct estimates are reproducible.
        int threads = settings.threads();
        List<ChunkProcessor> processors = new ArrayList<>();
        ExecutorService[] pools = new ExecutorService[threads];
        for (int k = 0; k < threads; k++) {
            processors.add(header != null
                    ? new DelimitedProcessor(mode, format.delimiter, format.quoting, header, forceString)
                    : new JsonLinesProcessor(mode, registry));
            pools[k] = Executors.newSingleThreadExecutor(daemon("profile-chunk"));
        }
        Totals totals = new Totals(mode.collectStats());
        // Reading (and inflating gzip, single-threaded by nature) runs on its own thread, a few chunks ahead, so
        // it goes on while this thread waits for the oldest chunk's result and writes it.
        BlockingQueue<ChunkReader.Chunk> ready = new ArrayBlockingQueue<>(threads + 1);
        ExecutorService readPool = Executors.newSingleThreadExecutor(daemon("profile-read"));
        try {
            ready.put(first);
            Future<Void> reading = readPool.submit(() -> {
                try {
                    for (ChunkReader.Chunk c = reader.next(); c != null; c = reader.next()) {
                        ready.put(c);
                    }
                } finally {
                    ready.put(END);
                }
                return null;
            });
            ArrayDeque<Future<ChunkResult>> inFlight = new ArrayDeque<>();
            int maxInFlight = threads * 2 + 1;
            for (ChunkReader.Chunk c = ready.take(); c != END; c = ready.take()) {
                ChunkReader.Chunk chunk = c;
                int k = (int) (c.sequence() % threads);
                ChunkProcessor processor = processors.get(k);
                inFlight.add(pools[k].submit(() -> processor.process(chunk)));
                while (inFlight.size() > maxInFlight) {
                    totals.add(await(inFlight.poll()), out);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("profiling interrupted");
                }
            }
            await(reading); // the reader's failure (a truncated gzip, an I/O error), if it stopped early
            while (!inFlight.isEmpty()) {
                totals.add(await(inFlight.poll()), out);
            }
        } finally {
            readPool.shutdownNow();
            for (ExecutorService pool : pools) {
                pool.shutdownNow();
            }
        }
        if (totals.bytesWritten == 0) {
            writeEmptyMember(out, mode);
        }
        List<String> columns = new ArrayList<>();
        List<ColumnStats> merged = new ArrayList<>();
        int[] order = header != null ? java.util.stream.IntStream.range(0, header.length).toArray() : registry.fileOrder();
        for (int c : order) {
            columns.add(header != null ? header[c] : registry.name(c));
            if (mode.collectStats()) {
                ColumnStats m = c < totals.stats.size() ? totals.stats.get(c) : new ColumnStats();
                List<DistinctSketch> sketches = new ArrayList<>();
                for (ChunkProcessor p : processors) {
                    if (c < p.sketches.size()) {
                        sketches.add(p.sketches.get(c));
                    }
                }
                m.distinctFrom(sketches);
                merged.add(m);
            }
        }
        return new Outcome(columns, merged, totals.rows, totals.malformed, totals.samples,
                reader.bytesRead(), gzip);
    }

    /** UTF-8 only: a byte order mark for another encoding, or NUL bytes up front, is a clear permanent error. */
    private static ChunkReader.Chunk checkEncoding(ChunkReader.Chunk c) throws TaskFailure {
        byte[] b = c.data();
        int n = c.end() - c.start();
        if (n >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            return new ChunkReader.Chunk(c.sequence(), b, 3, c.end());
        }
        if (n >= 2 && (((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) || ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff))) {
            throw TaskFailure.permanent("the file is UTF-16 or UTF-32 encoded (byte order mark found); "
                    + "only UTF-8 is supported: convert it, e.g. with iconv -t UTF-8");
        }
        int probe = Math.min(n, 4096);
        for (int i = 0; i < probe; i++) {
            if (b[i] == 0) {
                throw TaskFailure.permanent("the file contains NUL bytes near its start (UTF-16/32 without a byte "
                        + "order mark, or binary data); only UTF-8 text is supported");
            }
        }
        return c;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static <T> T await(Future<T> f) throws TaskFailure, InterruptedException, IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TaskFailure t) {
                throw t;
            }
            if (cause instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    private static void writeEmptyMember(OutputStream out, ChunkProcessor.Mode mode) throws IOException {
        if (mode.compress()) {
            JsonBytes empty = new JsonBytes(0);
            JsonBytes gz = new JsonBytes(32);
            java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED, true);
            try {
                empty.gzipInto(gz, deflater, new java.util.zip.CRC32());
            } finally {
                deflater.end();
            }
            out.write(gz.buf, 0, gz.size);
        }
    }

    /** Running totals, in input order. */
    private static final class Totals {
        long rows;
        long malformed;
        long records;
        long bytesWritten;
        final List<ChunkResult.Sample> samples = new ArrayList<>();
        final List<ColumnStats> stats = new ArrayList<>();
        final boolean collectStats;

        Totals(boolean collectStats) {
            this.collectStats = collectStats;
        }

        void add(ChunkResult r, OutputStream out) throws IOException {
            if (collectStats) {
                for (int c = 0; c < r.stats().size(); c++) {
                    if (stats.size() <= c) {
                        stats.add(new ColumnStats());
                    }
                    stats.get(c).merge(r.stats().get(c));
                }
            }
            for (ChunkResult.Sample s : r.samples()) {
                if (samples.size() < ChunkProcessor.MAX_SAMPLES) {
                    samples.add(s.shifted(records));
                }
            }
            rows += r.rows();
            malformed += r.malformed();
            records += r.records();
            if (r.gzip() != null) {
                out.write(r.gzip(), 0, r.gzipLength());
                bytesWritten += r.gzipLength();
            }
        }
    }
}
