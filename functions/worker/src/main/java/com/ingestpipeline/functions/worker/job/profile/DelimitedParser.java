package com.ingestpipeline.functions.worker.job.profile;

/**
 * Splits CSV (RFC 4180 quoting) or TSV (no quoting) records into fields, in place: each field is
 * an offset range into the chunk, plus a flag when doubled quotes must be collapsed.
 *
 * <p>Record boundaries follow one rule shared with {@link ChunkReader}: a newline ends a record
 * unless an odd number of quote characters precede it in the record. A quote anywhere else than
 * around a whole field makes the row malformed rather than moving the boundary, so the reader and
 * the parser always agree on where records start.
 */
final class DelimitedParser {
    private final byte delimiter;
    private final boolean quoting;
    private final int maxFields;

    final int[] starts;
    final int[] ends;
    final boolean[] escaped;
    int fieldCount;
    /** Why the last record is malformed, or null. */
    String error;
    /** Record bounds without the terminator, for samples. */
    int recordStart;
    int recordEnd;

    DelimitedParser(byte delimiter, boolean quoting, int maxFields) {
        this.delimiter = delimiter;
        this.quoting = quoting;
        this.maxFields = maxFields;
        this.starts = new int[maxFields];
        this.ends = new int[maxFields];
        this.escaped = new boolean[maxFields];
    }

    /**
     * End of the record starting at {@code pos}: the index of its terminating newline, or
     * {@code limit} when the data ends first.
     */
    static int recordEnd(byte[] b, int pos, int limit, boolean quoting) {
        if (!quoting) {
            for (int i = pos; i < limit; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            return limit;
        }
        boolean inQuotes = false;
        for (int i = pos; i < limit; i++) {
            byte c = b[i];
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == '\n' && !inQuotes) {
                return i;
            }
        }
        return limit;
    }

    /**
     * Parses the record at {@code pos} in one pass; returns where the next record starts. Only a
     * malformed record is scanned again, with {@link #recordEnd}, to find where it ends.
     */
    int next(byte[] b, int pos, int limit) {
        recordStart = pos;
        error = null;
        fieldCount = 0;
        int i = pos;
        if (i >= limit) {
            recordEnd = pos;
            return limit;
        }
        if (b[i] == '\n' || (b[i] == '\r' && i + 1 < limit && b[i + 1] == '\n')) {
            recordEnd = pos;
            return b[i] == '\n' ? i + 1 : i + 2;
        }
        while (true) {
            boolean esc = false;
            int fStart;
            int fEnd;
            if (quoting && b[i] == '"') {
                fStart = ++i;
                while (true) {
                    if (i >= limit) {
                        return fail("unterminated quoted field", b, pos, limit);
                    }
                    if (b[i] == '"') {
                        if (i + 1 < limit && b[i + 1] == '"') {
                            esc = true;
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                fEnd = i++;
                if (i < limit) {
                    byte c = b[i];
                    if (c == '\r' && (i + 1 == limit || b[i + 1] == '\n')) {
                        i++;
                    } else if (c != delimiter && c != '\n') {
                        return fail("unexpected character after closing quote in field " + (fieldCount + 1), b, pos, limit);
                    }
                }
            } else {
                fStart = i;
                while (i < limit) {
                    byte c = b[i];
                    if (c == delimiter || c == '\n') {
                        break;
                    }
                    if (quoting && c == '"') {
                        return fail("quote inside unquoted field " + (fieldCount + 1), b, pos, limit);
                    }
                    i++;
                }
                fEnd = i;
                if (fEnd > fStart && b[fEnd - 1] == '\r' && (i == limit || b[i] == '\n')) {
                    fEnd--;
                }
            }
            if (fieldCount < maxFields) {
                starts[fieldCount] = fStart;
                ends[fieldCount] = fEnd;
                escaped[fieldCount] = esc;
            }
            fieldCount++;
            if (i >= limit) {
                recordEnd = limit;
                return limit;
            }
            if (b[i] == '\n') {
                recordEnd = i > pos && b[i - 1] == '\r' ? i - 1 : i;
                return i + 1;
            }
            i++; // the delimiter; a field follows, empty if the record ends here
        }
    }

    private int fail(String reason, byte[] b, int pos, int limit) {
        error = reason;
        int newline = recordEnd(b, pos, limit, quoting);
        recordEnd = newline > pos && newline < limit && b[newline - 1] == '\r' ? newline - 1 : newline;
        return Math.min(newline + 1, limit);
    }

    /** Is the record just parsed empty (a blank line)? */
    boolean blank() {
        return recordEnd == recordStart;
    }

    /** Copies a field that contains doubled quotes into {@code scratch}, collapsing them; returns its length. */
    static int unescape(byte[] b, int start, int end, byte[] scratch) {
        int n = 0;
        for (int i = start; i < end; i++) {
            scratch[n++] = b[i];
            if (b[i] == '"') {
                i++;
            }
        }
        return n;
    }
}
