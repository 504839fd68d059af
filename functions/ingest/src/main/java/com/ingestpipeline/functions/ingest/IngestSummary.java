package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    /** Records for a bucket other than the stack's: skipped unread (see {@link IngestConfig#foreignBucket}). */
    public int foreignBucket;
    /** Records that failed transiently; the invocation fails after the others, so Lambda retries them. */
    public int failed;
    /** Why the whole input was unusable (malformed JSON, not an S3 event, zero records); null otherwise. */
    public String error;
    /** One short line per record that was not started, saying why. */
    public final List<String> notes = new ArrayList<>();

    /** The result document, written with the streaming generator (see {@link JsonTree} for why). */
    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonTree.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("records", records);
            g.writeNumberField("started", started);
            g.writeNumberField("rejected", rejected);
            g.writeNumberField("duplicates", duplicates);
            g.writeNumberField("ignored", ignored);
            g.writeNumberField("foreignBucket", foreignBucket);
            g.writeNumberField("failed", failed);
            g.writeStringField("error", error);
            g.writeArrayFieldStart("notes");
            for (String note : notes) {
                g.writeString(note);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    static IngestSummary failed(String error) {
        IngestSummary s = new IngestSummary();
        s.error = error;
        return s;
    }
}
