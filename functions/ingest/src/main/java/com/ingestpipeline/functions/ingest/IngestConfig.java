package com.ingestpipeline.functions.ingest;

import com.ingestpipeline.functions.common.config.DbConfig;
import com.ingestpipeline.functions.common.config.Env;
import java.util.Map;

/**
 * The ingest function's configuration (docs/design.md): the {@code DB_*} variables plus {@code BUCKET_NAME},
 * {@code STATE_MACHINE_ARN}, {@code INPUT_PREFIX}, {@code RESULTS_PREFIX} and {@code MAX_OBJECT_BYTES}. {@link #fromEnv} names every missing or
 * invalid variable in one {@link com.ingestpipeline.functions.common.config.ConfigException}.
 *
 * @param bucketName     the stack's data bucket: the only bucket whose records are read ({@link #foreignBucket})
 * @param inputPrefix    only keys under it are ingested (may be {@code ""} for the whole bucket)
 * @param resultsPrefix  keys under it are the worker's outputs and are never ingested (no feedback loop)
 * @param maxObjectBytes larger objects are rejected
 */
public record IngestConfig(DbConfig db, String bucketName, String stateMachineArn, String inputPrefix, String resultsPrefix,
                           long maxObjectBytes) {
    /** S3's own maximum object size (5 TiB). */
    public static final long S3_MAX_OBJECT_BYTES = 5L * 1024 * 1024 * 1024 * 1024;
    /** S3's general purpose bucket naming rules (the length is checked separately, for a clearer message). */
    private static final java.util.regex.Pattern BUCKET_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9.-]*[a-z0-9]");

    public static IngestConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        DbConfig db = DbConfig.read(env);
        String bucket = env.required("BUCKET_NAME");
        if (!bucket.isEmpty() && (bucket.length() < 3 || bucket.length() > 63 || !BUCKET_NAME.matcher(bucket).matches())) {
            env.problem("BUCKET_NAME must be an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens),"
                    + " not an ARN or URL (got '" + bucket + "')");
        }
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
        return new IngestConfig(db, bucket, arn, input, results, max);
    }

    /**
     * The one bucket check every event shape goes through before anything is read: null when {@code bucket} is the
     * stack's, otherwise why the record is skipped. The function's role may be able to read other buckets (or
     * get a 403 that would fail the whole invocation), and a row under another bucket's name would be a lie.
     */
    public String foreignBucket(String bucket) {
        if (bucket == null || bucket.isEmpty()) {
            return "the record names no bucket (this stack's is '" + bucketName + "')";
        }
        return bucket.equals(bucketName) ? null : "bucket '" + bucket + "' is not this stack's bucket '" + bucketName + "'";
    }
}
