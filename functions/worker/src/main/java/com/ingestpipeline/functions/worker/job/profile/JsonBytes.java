package com.ingestpipeline.functions.worker.job.profile;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A growable byte buffer that writes JSON straight from input bytes, validating UTF-8 on the way
 * (the input is never decoded to Strings), and can compress itself into one gzip member.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    byte[] buf;
    int size;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    void reset() {
        size = 0;
    }

    void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    void put(byte[] src) {
        put(src, 0, src.length);
    }

    void put(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    /**
     * Writes {@code "..."} for the bytes, escaping as JSON requires. Returns false (and leaves the
     * buffer partly written: callers roll back) when the bytes are not valid UTF-8.
     */
    boolean putString(byte[] src, int off, int len) {
        ensure(len + 2);
        buf[size++] = '"';
        int end = off + len;
        int i = off;
        while (i < end) {
            int runStart = i;
            while (i < end) {
                byte c = src[i];
                if (c < 0x20 || c == '"' || c == '\\') {
                    break;
                }
                i++;
            }
            if (i > runStart) {
                put(src, runStart, i - runStart);
            }
            if (i == end) {
                break;
            }
            byte c = src[i];
            if (c < 0) {
                int n = utf8Length(src, i, end);
                if (n == 0) {
                    return false;
                }
                put(src, i, n);
                i += n;
            } else {
                escape(c);
                i++;
            }
        }
        put((byte) '"');
        return true;
    }

    private void escape(byte c) {
        ensure(6);
        buf[size++] = '\\';
        switch (c) {
            case '"' -> buf[size++] = '"';
            case '\\' -> buf[size++] = '\\';
            case '\n' -> buf[size++] = 'n';
            case '\r' -> buf[size++] = 'r';
            case '\t' -> buf[size++] = 't';
            default -> {
                buf[size++] = 'u';
                buf[size++] = '0';
                buf[size++] = '0';
                buf[size++] = HEX[(c >> 4) & 0xf];
                buf[size++] = HEX[c & 0xf];
            }
        }
    }

    /** Length of the well-formed UTF-8 sequence starting at a non-ASCII byte, or 0 if ill-formed. */
    static int utf8Length(byte[] b, int i, int end) {
        int lead = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            n = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            n = 3;
            if (lead == 0xe0) {
                lo = 0xa0;
            } else if (lead == 0xed) {
                hi = 0x9f;
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            n = 4;
            if (lead == 0xf0) {
                lo = 0x90;
            } else if (lead == 0xf4) {
                hi = 0x8f;
            }
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int c = b[i + k] & 0xff;
            if (c < 0x80 || c > 0xbf) {
                return 0;
            }
        }
        return n;
    }

    /**
     * Compresses the buffer into one complete gzip member (RFC 1952). Concatenated members form a
     * valid gzip file, which is what lets every core compress its own chunk of the output. The
     * deflater must be raw ({@code nowrap}): the gzip header and trailer are written here.
     */
    void gzipInto(JsonBytes out, Deflater deflater, CRC32 crc) {
        crc.reset();
        crc.update(buf, 0, size);
        out.put(GZIP_HEADER);
        deflater.reset();
        deflater.setInput(buf, 0, size);
        deflater.finish();
        while (!deflater.finished()) {
            out.ensure(Math.max(64, size / 4));
            out.size += deflater.deflate(out.buf, out.size, out.buf.length - out.size);
        }
        int c = (int) crc.getValue();
        out.ensure(8);
        putIntLe(out, c);
        putIntLe(out, size);
    }

    private static void putIntLe(JsonBytes out, int v) {
        out.buf[out.size++] = (byte) v;
        out.buf[out.size++] = (byte) (v >>> 8);
        out.buf[out.size++] = (byte) (v >>> 16);
        out.buf[out.size++] = (byte) (v >>> 24);
    }
}
