package com.ingestpipeline.functions.worker.job;

import com.ingestpipeline.functions.worker.TaskFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The jobs on the class path, found with {@link ServiceLoader}, by name. */
public final class JobRegistry {
    private final Map<String, BatchJob> jobs;

    private JobRegistry(Map<String, BatchJob> jobs) {
        this.jobs = jobs;
    }

    public static JobRegistry discover() {
        return discover(JobRegistry.class.getClassLoader());
    }

    public static JobRegistry discover(ClassLoader loader) {
        Map<String, BatchJob> jobs = new LinkedHashMap<>();
        for (BatchJob job : ServiceLoader.load(BatchJob.class, loader)) {
            BatchJob previous = jobs.putIfAbsent(job.name(), job);
            if (previous != null) {
                throw new IllegalStateException("two batch jobs are named '" + job.name() + "': "
                        + previous.getClass().getName() + " and " + job.getClass().getName());
            }
        }
        return new JobRegistry(jobs);
    }

    public BatchJob get(String name) throws TaskFailure {
        BatchJob job = jobs.get(name);
        if (job == null) {
            throw TaskFailure.permanent("no batch job named '" + name + "' on this worker (available: "
                    + String.join(", ", jobs.keySet()) + ")");
        }
        return job;
    }

    public java.util.Set<String> names() {
        return jobs.keySet();
    }
}
