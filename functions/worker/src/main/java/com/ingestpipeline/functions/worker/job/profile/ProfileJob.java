package com.ingestpipeline.functions.worker.job.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.BatchJob;
import com.ingestpipeline.functions.worker.job.JobContext;
import com.ingestpipeline.functions.worker.job.JobResult;
import com.ingestpipeline.functions.worker.job.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The default job: profiles a CSV, TSV or JSON Lines file (gzip or not) and writes it back as
 * normalised gzip JSON Lines.
 *
 * <p>Values are typed one by one as they stream past, because a column's type is only known at
 * the end. When a delimited column turns out to be text although some of its values were written
 * as numbers or booleans, a second pass rewrites the output with that column as strings, so every
 * column of the output has one JSON type. Clean files take one pass.
 */
public final class ProfileJob implements BatchJob {
    public static final String NAME = "profile";
    public static final String NORMALIZED = "normalized";
    public static final String PROFILE = "profile";
    static final String NORMALIZED_FILE = "normalized.jsonl.gz";
    static final String PROFILE_FILE = "profile.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final java.util.function.IntFunction<Profiler.Settings> settings;

    public ProfileJob() {
        this(Profiler.Settings::defaults);
    }

    ProfileJob(java.util.function.IntFunction<Profiler.Settings> settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobResult run(JobContext context) throws IOException, TaskFailure, InterruptedException {
        Profiler.Format format = Profiler.Format.of(context.format());
        Profiler profiler = new Profiler(format, settings.apply(context.parallelism()));
        Profiler.Outcome outcome;
        Path normalized = null;
        boolean[] rewrite;
        try (OutputFiles.Output out = context.outputs().create(NORMALIZED_FILE)) {
            outcome = profiler.run(context.input(), context.compression(), out.stream(), ChunkProcessor.Mode.FULL, null);
            rewrite = format == Profiler.Format.JSONL ? null : stringRewrite(outcome);
            if (rewrite == null) {
                normalized = out.commit();
            }
        }
        if (rewrite != null) {
            try (OutputFiles.Output out = context.outputs().create(NORMALIZED_FILE)) {
                profiler.run(context.input(), context.compression(), out.stream(), ChunkProcessor.Mode.REWRITE, rewrite);
                normalized = out.commit();
            }
        }
        ObjectNode profile = profileJson(format, outcome, rewrite != null);
        Path profileFile;
        try (OutputFiles.Output out = context.outputs().create(PROFILE_FILE)) {
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.stream(), profile);
            profileFile = out.commit();
        }
        return new JobResult(outcome.rows(), outcome.malformed(), profile,
                Map.of(NORMALIZED, normalized, PROFILE, profileFile));
    }

    /** Columns reported as text that had values written as numbers or booleans; null when none. */
    private static boolean[] stringRewrite(Profiler.Outcome o) {
        boolean[] force = new boolean[o.columns().size()];
        boolean any = false;
        for (int c = 0; c < force.length; c++) {
            int mask = o.stats().get(c).typeMask;
            force[c] = ValueType.columnType(mask, true).equals("string") && (mask & ValueType.TYPED_IN_OUTPUT) != 0;
            any |= force[c];
        }
        return any ? force : null;
    }

    private static ObjectNode profileJson(Profiler.Format format, Profiler.Outcome o, boolean rewritten) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("job", NAME);
        p.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
        p.put("compression", o.gzip() ? "gzip" : "none");
        p.put("uncompressedBytes", o.uncompressedBytes());
        p.put("rowCount", o.rows());
        p.put("malformedCount", o.malformed());
        p.put("normalizedRewritten", rewritten);
        ArrayNode columns = p.putArray("columns");
        for (int c = 0; c < o.columns().size(); c++) {
            columns.add(o.stats().get(c).toJson(o.columns().get(c), o.rows(), format != Profiler.Format.JSONL));
        }
        ArrayNode samples = p.putArray("malformedSamples");
        for (ChunkResult.Sample s : o.samples()) {
            samples.addObject().put("row", s.row()).put("reason", s.reason()).put("text", s.text());
        }
        return p;
    }
}
