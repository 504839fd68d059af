package com.ingestpipeline.functions.worker.job;

import com.ingestpipeline.functions.worker.TaskFailure;
import java.io.IOException;

/**
 * A batch job the worker can run on one downloaded file. Implementations are found with
 * {@link java.util.ServiceLoader}: ship a jar with
 * {@code META-INF/services/com.ingestpipeline.functions.worker.job.BatchJob} on the worker's
 * class path and name the job in the task input ({@code "job": "<name>"}; default {@code profile}).
 *
 * <p>A job reads {@link JobContext#input()}, writes its outputs only through
 * {@link JobContext#outputs()} (so a crash never leaves a half-written file under a final name),
 * and returns what it produced. The worker uploads the outputs, records the result and cleans up.
 * Jobs must stream: the file can be larger than memory.
 */
public interface BatchJob {

    /** Stable name, stored in {@code file_result.job}; lower case, no spaces. */
    String name();

    /**
     * Runs the job. Throw {@link TaskFailure#permanent(String)} for input the job can never
     * process (the message reaches the operator); I/O errors are classified by the worker.
     */
    JobResult run(JobContext context) throws IOException, TaskFailure, InterruptedException;
}
