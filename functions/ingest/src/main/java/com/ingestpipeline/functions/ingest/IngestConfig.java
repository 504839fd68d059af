package com.ingestpipeline.functions.ingest;

import com.ingestpipeline.functions.common.config.DbConfig;
import com.ingestpipeline.functions.common.config.Env;
import java.util.Map;

/**
 * The ingest function's configuration (docs/design.md): the {@code DB_*} variables plus {@code STATE_MACHINE_ARN},
 * {@code INPUT_PREFIX}, {@code RESULTS_PREFIX} and {@code MAX_OBJECT_BYTES}. {@link #fromEnv} names every missing or
 * invalid variable in one {@link com.ingestpipeline.functions.common.config.ConfigException}.
 *
 * @param inputPrefix    only keys under it are ingested (may be {@code ""} for the whole bucket)
 * @param resultsPrefix  keys under it are the worker's outputs and are never ingested (no feedback loop)
 * @param maxObjectBytes larger objects are rejected
 */
public record IngestConfig(DbConfig db, String stateMachineArn, String inputPrefix, String resultsPrefix,
                           long maxObjectBytes) {
    /** S3's own maximum object size (5 TiB). */
    public static final long S3_MAX_OBJECT_BYTES = 5L * 1024 * 1024 * 1024 * 1024;

    public static IngestConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        DbConfig db = DbConfig.read(env);
        String arn = env.required("STATE_MACHINE_ARN");
        if (!arn.isEmpty() && !arn.startsWith("arn:") ) {
            env.problem("STATE_MACHINE_ARN must be a state machine ARN (got '" + arn + "')");
        } else if (!arn.isEmpty() && !arn.contains(":states:")) {
            env.problem("STATE_MACHINE_ARN must be a Step Functions ARN (got '" + arn + "')");
        }
        String input = vars.getOrDefault("INPUT_PREFIX", null);
        if (input == null) {
            env.problem("INPUT_PREFIX is missing (use an empty value to ingest the whole bucket)");
            input = "";
        }
        String results = env.required("RESULTS_PREFIX");
        if (!results.isEmpty() && results.equals(input)) {
            env.problem("RESULTS_PREFIX must differ from INPUT_PREFIX (both '" + input + "'), or results would be ingested");
        }
        long max = env.requiredLong("MAX_OBJECT_BYTES", 1, S3_MAX_OBJECT_BYTES);
        env.check("ingest function configuration");
        return new IngestConfig(db, arn, input, results, max);
    }
}
