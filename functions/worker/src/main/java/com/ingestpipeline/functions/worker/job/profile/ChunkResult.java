package com.ingestpipeline.functions.worker.job.profile;

import java.util.List;

/**
 * What one chunk produced: counts, the first malformed rows (numbered within the chunk), and the
 * chunk's normalised output as one finished gzip member.
 */
record ChunkResult(long sequence, long rows, long malformed, List<Sample> samples, byte[] gzip, int gzipLength,
                   List<ColumnStats> stats) {

    /** A malformed row: its 1-based data row number (within the chunk until renumbered), why, and its text. */
    record Sample(long row, String reason, String text) {
        Sample shifted(long rowsBefore) {
            return new Sample(row + rowsBefore, reason, text);
        }
    }

    long records() {
        return rows + malformed;
    }
}
