package com.ingestpipeline.functions.worker.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a job produced.
 *
 * @param rowCount       rows the job accepted
 * @param malformedCount rows it rejected
 * @param summary        small JSON stored in {@code file_result.summary}
 * @param outputs        logical output name (e.g. {@code data}) to a committed file from
 *                       {@link OutputFiles}; uploaded as {@code <resultsPrefix><fileId>/<file name>}
 */
public record JobResult(long rowCount, long malformedCount, ObjectNode summary, Map<String, Path> outputs) {
    public JobResult {
        outputs = Map.copyOf(outputs);
    }
}
