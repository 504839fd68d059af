package com.ingestpipeline.functions.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * What one invocation did, returned as the function's result (Lambda records it for async invocations' destinations;
 * tests and the benchmark read it).
 */
final class IngestSummary {
    public int records;
    public int started;
    public int rejected;
    public int duplicates;
    public int ignored;
    /** Why the whole input was unusable (malformed JSON, not an S3 event, zero records); null otherwise. */
    public String error;
    /** One short line per record that was not started, saying why. */
    public final List<String> notes = new ArrayList<>();

    static IngestSummary failed(String error) {
        IngestSummary s = new IngestSummary();
        s.error = error;
        return s;
    }
}
