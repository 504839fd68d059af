package com.ingestpipeline.functions.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /**
     * Built by hand rather than by bean serialisation: the first bean serialisation introspects the class, which
     * costs a cold start tens of milliseconds for seven fields.
     */
    ObjectNode toJson(ObjectMapper json) {
        ObjectNode out = json.createObjectNode();
        out.put("records", records);
        out.put("started", started);
        out.put("rejected", rejected);
        out.put("duplicates", duplicates);
        out.put("ignored", ignored);
        out.put("error", error);
        ArrayNode list = out.putArray("notes");
        notes.forEach(list::add);
        return out;
    }

    static IngestSummary failed(String error) {
        IngestSummary s = new IngestSummary();
        s.error = error;
        return s;
    }
}
