package com.ingestpipeline.functions.worker.job.profile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A DEFLATE (RFC 1951) encoder tuned for speed on the normalised JSON: greedy matching with a
 * one-entry hash table (no hash chains, no lazy evaluation) and a dynamic Huffman block every
 * {@link #BLOCK_SYMBOLS} symbols, with a stored block wherever that is smaller.
 *
 * <p>Why not {@link java.util.zip.Deflater}: zlib's fastest level still walks hash chains and
 * updates a rolling hash at every byte; on this output it manages about 220 MB/s of JSON per core
 * and was 60 % of the job's CPU. Matching like this runs at about 370 MB/s on the same JSON (the
 * same keys on every row give long matches a one-entry table finds) and the output is no larger.
 * Every member is still plain DEFLATE, read by any gzip reader. One instance per thread: it owns
 * its tables.
 */
final class FastDeflate {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int HASH_BITS = 15;
    private static final int WINDOW = 32768;
    private static final int MAX_MATCH = 258;
    /** Symbols per block: large enough that the tree header is noise, small enough to adapt to the data. */
    static final int BLOCK_SYMBOLS = 1 << 15;
    private static final int END_OF_BLOCK = 256;

    private static final int[] LEN_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LEN_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
        769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
        11, 11, 12, 12, 13, 13};
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** Length-code index (0..28) by match length. */
    private static final byte[] LEN_CODE = new byte[MAX_MATCH + 1];
    /** Distance code by {@code dist - 1} below 256, then by {@code 256 + ((dist - 1) >> 7)} (zlib's trick). */
    private static final byte[] DIST_CODE = new byte[512];

    static {
        for (int c = 0; c < LEN_BASE.length; c++) {
            int top = c + 1 < LEN_BASE.length ? LEN_BASE[c + 1] : MAX_MATCH + 1;
            for (int len = LEN_BASE[c]; len < top && len <= MAX_MATCH; len++) {
                LEN_CODE[len] = (byte) c;
            }
        }
        LEN_CODE[MAX_MATCH] = 28;
        for (int c = 0; c < DIST_BASE.length; c++) {
            int top = c + 1 < DIST_BASE.length ? DIST_BASE[c + 1] : WINDOW + 1;
            for (int d = DIST_BASE[c]; d < top; d++) {
                if (d - 1 < 256) {
                    DIST_CODE[d - 1] = (byte) c;
                } else {
                    DIST_CODE[256 + ((d - 1) >> 7)] = (byte) c;
                }
            }
        }
    }

    private final int[] table = new int[1 << HASH_BITS];
    /** A literal byte (below 256) or {@code length << 16 | distance}. */
    private final int[] symbols = new int[BLOCK_SYMBOLS];
    private final int[] litFreq = new int[286];
    private final int[] distFreq = new int[30];
    private final Huffman lit = new Huffman(286, 15);
    private final Huffman dist = new Huffman(30, 15);
    private final Huffman lengths = new Huffman(19, 7);
    private final int[] codeLengths = new int[286 + 30];
    private final int[] lengthSymbols = new int[286 + 30];

    private JsonBytes out;
    private long bits;
    private int bitCount;

    /** Appends the raw DEFLATE stream of {@code in[0, length)} to {@code out}. */
    void deflate(byte[] in, int length, JsonBytes target) {
        out = target;
        bits = 0;
        bitCount = 0;
        Arrays.fill(table, -WINDOW - 1);
        int n = 0;
        int blockStart = 0;
        int i = 0;
        int limit = length - 8; // room to read a long while matching
        while (i < limit) {
            int cur = (int) INTS.get(in, i);
            int h = (cur * 0x9E3779B1) >>> (32 - HASH_BITS);
            int cand = table[h];
            table[h] = i;
            if (i - cand <= WINDOW && (int) INTS.get(in, cand) == cur) {
                int max = Math.min(MAX_MATCH, length - i);
                int m = 4;
                while (m + 8 <= max) {
                    long x = (long) LONGS.get(in, cand + m) ^ (long) LONGS.get(in, i + m);
                    if (x != 0) {
                        m += Long.numberOfTrailingZeros(x) >>> 3;
                        break;
                    }
                    m += 8;
                }
                if (m + 8 > max) {
                    while (m < max && in[cand + m] == in[i + m]) {
                        m++;
                    }
                }
                m = Math.min(m, max);
                int d = i - cand;
                symbols[n++] = m << 16 | d;
                litFreq[257 + LEN_CODE[m]]++;
                distFreq[DIST_CODE[d <= 256 ? d - 1 : 256 + ((d - 1) >> 7)]]++;
                i += m;
                if (i - 2 < limit) {
                    // One insert near the match end finds the next row's repeat of the same key sequence.
                    table[((int) INTS.get(in, i - 2) * 0x9E3779B1) >>> (32 - HASH_BITS)] = i - 2;
                }
            } else {
                symbols[n++] = in[i] & 0xff;
                litFreq[in[i] & 0xff]++;
                i++;
            }
            if (n == BLOCK_SYMBOLS) {
                block(in, blockStart, i, n, false);
                blockStart = i;
                n = 0;
            }
        }
        for (; i < length; i++) {
            symbols[n++] = in[i] & 0xff;
            litFreq[in[i] & 0xff]++;
            if (n == BLOCK_SYMBOLS && i + 1 < length) {
                block(in, blockStart, i + 1, n, false);
                blockStart = i + 1;
                n = 0;
            }
        }
        if (n == 0) {
            putBits(1 | 1 << 1, 3); // final block, fixed codes: only the end-of-block code (seven zero bits)
            putBits(0, 7);
        } else {
            block(in, blockStart, length, n, true);
        }
        flushBits();
        out = null;
    }

    private void block(byte[] in, int start, int end, int n, boolean last) {
        litFreq[END_OF_BLOCK]++;
        lit.build(litFreq);
        dist.build(distFreq);
        int litCount = lit.used(257);
        int distCount = dist.used(1);
        System.arraycopy(lit.length, 0, codeLengths, 0, litCount);
        System.arraycopy(dist.length, 0, codeLengths, litCount, distCount);
        int lengthSymbolCount = runLengths(codeLengths, litCount + distCount);
        int[] clFreq = new int[19];
        for (int k = 0; k < lengthSymbolCount; k++) {
            clFreq[lengthSymbols[k] & 0x1f]++;
        }
        lengths.build(clFreq);
        int clCount = 19;
        while (clCount > 4 && lengths.length[CODE_LENGTH_ORDER[clCount - 1]] == 0) {
            clCount--;
        }
        long dataBits = 3 + 14 + 3L * clCount;
        for (int k = 0; k < lengthSymbolCount; k++) {
            int s = lengthSymbols[k] & 0x1f;
            dataBits += lengths.length[s] + (s == 16 ? 2 : s == 17 ? 3 : s == 18 ? 7 : 0);
        }
        for (int s = 0; s < 286; s++) {
            dataBits += (long) litFreq[s] * (lit.length[s] + (s > 256 ? LEN_EXTRA[s - 257] : 0));
        }
        for (int s = 0; s < 30; s++) {
            dataBits += (long) distFreq[s] * (dist.length[s] + DIST_EXTRA[s]);
        }
        long storedBytes = (end - start) + 5L * Math.max(1, (end - start + 65534) / 65535);
        if (dataBits / 8 + 1 > storedBytes) {
            stored(in, start, end, last);
        } else {
            out.ensure((int) (dataBits / 8) + 16);
            putBits((last ? 1 : 0) | 2 << 1, 3);
            putBits((litCount - 257) | (distCount - 1) << 5 | (clCount - 4) << 10, 14);
            for (int k = 0; k < clCount; k++) {
                putBits(lengths.length[CODE_LENGTH_ORDER[k]], 3);
            }
            for (int k = 0; k < lengthSymbolCount; k++) {
                int s = lengthSymbols[k] & 0x1f;
                int extraBits = s == 16 ? 2 : s == 17 ? 3 : s == 18 ? 7 : 0;
                putBits(lengths.code[s] | (lengthSymbols[k] >>> 5) << lengths.length[s], lengths.length[s] + extraBits);
            }
            writeSymbols(n);
        }
        Arrays.fill(litFreq, 0);
        Arrays.fill(distFreq, 0);
    }

    /** The block's symbols; bit buffer and position kept in locals, this loop is a fifth of the job's CPU. */
    private void writeSymbols(int n) {
        int[] litCode = lit.code;
        int[] litLen = lit.length;
        int[] distCode = dist.code;
        int[] distLen = dist.length;
        byte[] buf = out.buf; // block() reserved room for the whole block
        int pos = out.size;
        long bb = bits;
        int bc = bitCount;
        for (int k = 0; k < n; k++) {
            int s = symbols[k];
            if (s < 256) {
                bb |= (long) litCode[s] << bc;
                bc += litLen[s];
            } else {
                int m = s >>> 16;
                int d = s & 0xffff;
                int lc = LEN_CODE[m];
                int ls = 257 + lc;
                bb |= (long) (litCode[ls] | (m - LEN_BASE[lc]) << litLen[ls]) << bc;
                bc += litLen[ls] + LEN_EXTRA[lc];
                if (bc >= 32) {
                    INTS.set(buf, pos, (int) bb);
                    pos += 4;
                    bb >>>= 32;
                    bc -= 32;
                }
                int dc = DIST_CODE[d <= 256 ? d - 1 : 256 + ((d - 1) >> 7)];
                bb |= (long) (distCode[dc] | (d - DIST_BASE[dc]) << distLen[dc]) << bc;
                bc += distLen[dc] + DIST_EXTRA[dc];
            }
            if (bc >= 32) {
                INTS.set(buf, pos, (int) bb);
                pos += 4;
                bb >>>= 32;
                bc -= 32;
            }
        }
        out.size = pos;
        bits = bb;
        bitCount = bc;
        putBits(litCode[END_OF_BLOCK], litLen[END_OF_BLOCK]);
    }

    private void stored(byte[] in, int start, int end, boolean last) {
        out.ensure(end - start + 5 * ((end - start) / 65535 + 1) + 16);
        int p = start;
        do {
            int len = Math.min(65535, end - p);
            putBits(last && p + len == end ? 1 : 0, 3);
            flushBits();
            out.put((byte) len);
            out.put((byte) (len >>> 8));
            out.put((byte) ~len);
            out.put((byte) (~len >>> 8));
            out.put(in, p, len);
            p += len;
        } while (p < end);
    }

    /**
     * The code lengths as code-length symbols: a symbol in the low 5 bits, the repeat count's extra
     * bits above. 16 repeats the previous length 3-6 times, 17 and 18 are runs of 3-10 and 11-138 zeros.
     */
    private int runLengths(int[] lens, int count) {
        int n = 0;
        int i = 0;
        while (i < count) {
            int v = lens[i];
            int run = 1;
            while (i + run < count && lens[i + run] == v) {
                run++;
            }
            i += run;
            if (v == 0) {
                while (run >= 11) {
                    int r = Math.min(run, 138);
                    lengthSymbols[n++] = 18 | (r - 11) << 5;
                    run -= r;
                }
                if (run >= 3) {
                    lengthSymbols[n++] = 17 | (run - 3) << 5;
                    run = 0;
                }
            } else {
                lengthSymbols[n++] = v;
                run--;
                while (run >= 3) {
                    int r = Math.min(run, 6);
                    lengthSymbols[n++] = 16 | (r - 3) << 5;
                    run -= r;
                }
            }
            while (run-- > 0) {
                lengthSymbols[n++] = v;
            }
        }
        return n;
    }

    private void putBits(int value, int count) {
        bits |= (value & 0xffffffffL) << bitCount;
        bitCount += count;
        if (bitCount >= 32) {
            out.ensure(4);
            INTS.set(out.buf, out.size, (int) bits);
            out.size += 4;
            bits >>>= 32;
            bitCount -= 32;
        }
    }

    /** Writes the pending bits, padding the last byte with zeros (byte alignment). */
    private void flushBits() {
        out.ensure(8);
        while (bitCount > 0) {
            out.buf[out.size++] = (byte) bits;
            bits >>>= 8;
            bitCount -= 8;
        }
        bits = 0;
        bitCount = 0;
    }
}
