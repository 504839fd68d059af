package com.ingestpipeline.functions.worker.job;

import com.ingestpipeline.functions.worker.TaskFailure;
import com.ingestpipeline.functions.worker.job.profile.ProfileJob;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The jobs this worker runs, by name: those on the class path (found with {@link ServiceLoader}),
 * plus jobs built from the worker's settings (the stack's SQL job), and the one a task without a
 * {@code job} field runs.
 */
public final class JobRegistry {
    private final Map<String, BatchJob> jobs;
    private final String defaultJob;

    private JobRegistry(Map<String, BatchJob> jobs, String defaultJob) {
        this.jobs = jobs;
        this.defaultJob = defaultJob;
    }

    public static JobRegistry discover() {
        return discover(JobRegistry.class.getClassLoader());
    }

    public static JobRegistry discover(ClassLoader loader) {
        JobRegistry registry = new JobRegistry(new LinkedHashMap<>(), ProfileJob.NAME);
        for (BatchJob job : ServiceLoader.load(BatchJob.class, loader)) {
            registry = registry.with(job);
        }
        return registry;
    }

    /** This registry plus {@code job}; two jobs of one name are refused. */
    public JobRegistry with(BatchJob job) {
        Map<String, BatchJob> more = new LinkedHashMap<>(jobs);
        BatchJob previous = more.putIfAbsent(job.name(), job);
        if (previous != null) {
            throw new IllegalStateException("two batch jobs are named '" + job.name() + "': "
                    + previous.getClass().getName() + " and " + job.getClass().getName());
        }
        return new JobRegistry(more, defaultJob);
    }

    /** This registry with {@code name} run for tasks that name no job. */
    public JobRegistry withDefault(String name) {
        if (!jobs.containsKey(name)) {
            throw new IllegalStateException("default job '" + name + "' is not registered (have " + jobs.keySet() + ")");
        }
        return new JobRegistry(jobs, name);
    }

    /** The job called {@code name}, or the default job when {@code name} is null. */
    public BatchJob get(String name) throws TaskFailure {
        String wanted = name == null ? defaultJob : name;
        BatchJob job = jobs.get(wanted);
        if (job == null) {
            throw TaskFailure.permanent("no batch job named '" + wanted + "' on this worker (available: "
                    + String.join(", ", jobs.keySet()) + ")");
        }
        return job;
    }

    public String defaultJob() {
        return defaultJob;
    }

    public Set<String> names() {
        return jobs.keySet();
    }
}
