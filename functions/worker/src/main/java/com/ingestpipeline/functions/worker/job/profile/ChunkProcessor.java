package com.ingestpipeline.functions.worker.job.profile;

import com.ingestpipeline.functions.worker.TaskFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Turns one chunk into normalised output and statistics. One instance per thread: it owns its
 * buffers, compressor and column statistics, so threads share nothing while they work.
 */
abstract class ChunkProcessor {
    static final int MAX_SAMPLES = 5;
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_SAMPLE_CHARS = 200;

    /**
     * What to do besides parsing. The job uses FULL and REWRITE; the benchmark switches the steps
     * on one by one (parse only, then typing and JSON, then statistics, then compression) to show
     * what each one costs.
     */
    record Mode(boolean collectStats, boolean writeOutput, boolean compress) {
        static final Mode FULL = new Mode(true, true, true);
        static final Mode REWRITE = new Mode(false, true, true);
        static final Mode PARSE_ONLY = new Mode(false, false, false);
        static final Mode JSON_ONLY = new Mode(false, true, false);
        static final Mode PROFILE_UNCOMPRESSED = new Mode(true, true, false);
    }

    final Mode mode;
    final JsonBytes json = new JsonBytes(1 << 22);
    final ValueClassifier classifier = new ValueClassifier();
    /** Statistics of the chunk being processed; merged in input order, so results never depend on thread timing. */
    List<ColumnStats> stats = new ArrayList<>();
    /** Distinct-count sketches of this thread, one per column, for the whole file. */
    final List<DistinctSketch> sketches = new ArrayList<>();
    /** Level 1: the output is rewritten JSON, so speed matters more than a few percent of size. */
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private List<ChunkResult.Sample> samples;
    long rows;
    long malformed;

    ChunkProcessor(Mode mode) {
        this.mode = mode;
    }

    ChunkResult process(ChunkReader.Chunk chunk) throws TaskFailure {
        json.reset();
        samples = new ArrayList<>(0);
        stats = mode.collectStats() ? new ArrayList<>(stats.size()) : stats;
        for (int i = stats.size(); i < initialColumns(); i++) {
            stats.add(new ColumnStats(sketch(i)));
        }
        rows = 0;
        malformed = 0;
        parse(chunk.data(), chunk.start(), chunk.end(), chunk.sequence());
        byte[] gzip = null;
        int gzipLength = 0;
        if (mode.compress() && json.size > 0) {
            JsonBytes out = new JsonBytes(json.size / 3 + 64); // handed to the writing thread: not reused
            json.gzipInto(out, deflater, crc);
            gzip = out.buf;
            gzipLength = out.size;
        }
        return new ChunkResult(chunk.sequence(), rows, malformed, samples, gzip, gzipLength, stats);
    }

    /** Columns known before parsing (the header's); JSON Lines discovers them as it goes. */
    abstract int initialColumns();

    abstract void parse(byte[] b, int start, int end, long sequence) throws TaskFailure;

    ColumnStats column(int index) {
        while (stats.size() <= index) {
            stats.add(new ColumnStats(sketch(stats.size())));
        }
        return stats.get(index);
    }

    /** This thread's distinct-count sketch for a column. */
    DistinctSketch sketch(int column) {
        while (sketches.size() <= column) {
            sketches.add(new DistinctSketch());
        }
        return sketches.get(column);
    }

    void malformed(String reason, byte[] b, int start, int end) {
        malformed++;
        if (samples.size() < MAX_SAMPLES) {
            int len = Math.min(end - start, MAX_SAMPLE_CHARS);
            String text = new String(b, start, len, StandardCharsets.UTF_8);
            samples.add(new ChunkResult.Sample(rows + malformed, reason, text));
        }
    }

    /** Index of the first byte of an ill-formed UTF-8 sequence in the range, or -1. */
    static int invalidUtf8(byte[] b, int start, int end) {
        int i = start;
        // ASCII fast path, eight bytes at a time: most data never takes the slow path below.
        while (i + 8 <= end && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
            i += 8;
        }
        while (i < end) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int n = JsonBytes.utf8Length(b, i, end);
            if (n == 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
