package com.ingestpipeline.functions.worker.job.profile;

import com.ingestpipeline.functions.worker.TaskFailure;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads the (decompressed) input in chunks that end on a record boundary, so that each chunk can
 * be parsed on its own core. Memory is bounded by the chunk size, or by the longest record up to
 * {@code maxRecordBytes}.
 */
final class ChunkReader {
    /** One piece of input holding whole records in {@code [start, end)}. */
    record Chunk(long sequence, byte[] data, int start, int end) {
    }

    private final InputStream in;
    private final boolean quoting;
    private final boolean compressed;
    private final int chunkSize;
    private final int maxRecordBytes;
    private byte[] carry = new byte[0];
    private int carryLength;
    private boolean eof;
    private long sequence;
    private long bytesRead;

    ChunkReader(InputStream in, boolean quoting, boolean compressed, int chunkSize, int maxRecordBytes) {
        this.in = in;
        this.quoting = quoting;
        this.compressed = compressed;
        this.chunkSize = chunkSize;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Uncompressed bytes read so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** The next chunk, or null at the end of the input. */
    Chunk next() throws IOException, TaskFailure {
        if (eof && carryLength == 0) {
            return null;
        }
        int capacity = Math.max(chunkSize, carryLength * 2);
        byte[] data = new byte[capacity];
        System.arraycopy(carry, 0, data, 0, carryLength);
        int length = carryLength;
        carryLength = 0;
        while (true) {
            length = fill(data, length);
            if (eof) {
                Chunk c = length == 0 ? null : new Chunk(sequence++, data, 0, length);
                return c;
            }
            int boundary = lastBoundary(data, length);
            if (boundary > 0) {
                carryLength = length - boundary;
                if (carry.length < carryLength) {
                    carry = new byte[Math.max(carryLength, chunkSize / 4)];
                }
                System.arraycopy(data, boundary, carry, 0, carryLength);
                return new Chunk(sequence++, data, 0, boundary);
            }
            if (data.length >= maxRecordBytes) {
                throw TaskFailure.permanent("a record is longer than " + (maxRecordBytes >> 20)
                        + " MiB near uncompressed byte " + (bytesRead - length)
                        + " (an unterminated quote, or not a line-delimited file?)");
            }
            data = Arrays.copyOf(data, Math.min(maxRecordBytes, data.length * 2));
        }
    }

    private int fill(byte[] data, int length) throws IOException, TaskFailure {
        try {
            while (length < data.length) {
                int n = in.read(data, length, data.length - length);
                if (n < 0) {
                    eof = true;
                    break;
                }
                length += n;
                bytesRead += n;
            }
            return length;
        } catch (ZipException | EOFException e) {
            if (compressed) {
                throw TaskFailure.permanent("input is not a complete gzip stream (truncated or corrupt after "
                        + bytesRead + " uncompressed bytes): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Index just past the last record terminator in {@code data[0, length)}, or 0 if none. */
    private int lastBoundary(byte[] data, int length) {
        if (!quoting) {
            for (int i = length - 1; i >= 0; i--) {
                if (data[i] == '\n') {
                    return i + 1;
                }
            }
            return 0;
        }
        // Quote state is only known from the start of a record: a newline ends a record when an even
        // number of quotes precedes it. Count them all (a tight loop), then walk back to the last such newline.
        int quotes = countQuotes(data, length);
        int after = 0;
        for (int i = length - 1; i >= 0; i--) {
            byte c = data[i];
            if (c == '"') {
                after++;
            } else if (c == '\n' && ((quotes - after) & 1) == 0) {
                return i + 1;
            }
        }
        return 0;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;

    /** Quote bytes in {@code data[0, length)}, eight at a time: this scan runs on the single reading thread. */
    static int countQuotes(byte[] data, int length) {
        int quotes = 0;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long x = (long) LONGS.get(data, i) ^ QUOTES; // a quote byte becomes zero
            long nonZero = ((x & LOW7) + LOW7) | x;      // high bit set in every non-zero byte, no carries across
            quotes += Long.bitCount(~nonZero & ~LOW7);
        }
        for (; i < length; i++) {
            quotes += data[i] == '"' ? 1 : 0;
        }
        return quotes;
    }
}
