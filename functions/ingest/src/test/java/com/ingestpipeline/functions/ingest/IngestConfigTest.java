package com.ingestpipeline.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ingestpipeline.functions.common.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    private static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>(Map.of("DB_HOST", "db", "DB_PORT", "5432", "DB_NAME", "ingest",
                "DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:1:secret:db", "DB_SSL_MODE", "verify-full",
                "BUCKET_NAME", "dev-ingest-bucket-1a2b3c", "STATE_MACHINE_ARN", "arn:aws:states:us-east-1:1:stateMachine:flow", "INPUT_PREFIX", "incoming/",
                "RESULTS_PREFIX", "results/", "MAX_OBJECT_BYTES", "1073741824"));
        return env;
    }

    @Test
    void readsTheDesignVariables() {
        IngestConfig c = IngestConfig.fromEnv(valid());

        assertThat(c.inputPrefix()).isEqualTo("incoming/");
        assertThat(c.resultsPrefix()).isEqualTo("results/");
        assertThat(c.maxObjectBytes()).isEqualTo(1L << 30);
        assertThat(c.db().sslMode()).isEqualTo("verify-full");
        assertThat(c.bucketName()).isEqualTo("dev-ingest-bucket-1a2b3c");
    }

    @Test
    void bucketName_isRequired_andMustBeAnS3BucketName() {
        Map<String, String> env = valid();
        env.remove("BUCKET_NAME");
        assertThatThrownBy(() -> IngestConfig.fromEnv(env)).hasMessage("ingest function configuration: BUCKET_NAME is missing");

        env.put("BUCKET_NAME", "arn:aws:s3:::dev-ingest-bucket");
        assertThatThrownBy(() -> IngestConfig.fromEnv(env)).hasMessage("ingest function configuration: BUCKET_NAME must be"
                + " an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens), not an ARN or URL"
                + " (got 'arn:aws:s3:::dev-ingest-bucket')");
    }

    @Test
    void foreignBucket_isNullForTheStacksBucketOnly() {
        IngestConfig c = IngestConfig.fromEnv(valid());

        assertThat(c.foreignBucket("dev-ingest-bucket-1a2b3c")).isNull();
        assertThat(c.foreignBucket("dev-ingest-bucket-1a2b3")).isEqualTo(
                "bucket 'dev-ingest-bucket-1a2b3' is not this stack's bucket 'dev-ingest-bucket-1a2b3c'");
        assertThat(c.foreignBucket(null)).isEqualTo("the record names no bucket (this stack's is 'dev-ingest-bucket-1a2b3c')");
    }

    @Test
    void everyProblem_isListedOnce() {
        Map<String, String> env = valid();
        env.remove("DB_HOST");
        env.put("STATE_MACHINE_ARN", "arn:aws:lambda:us-east-1:1:function:x");
        env.put("MAX_OBJECT_BYTES", "0");
        env.put("RESULTS_PREFIX", "incoming/");

        assertThatThrownBy(() -> IngestConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingest function configuration: DB_HOST is missing; STATE_MACHINE_ARN must be a Step Functions ARN"
                        + " (got 'arn:aws:lambda:us-east-1:1:function:x'); RESULTS_PREFIX must differ from INPUT_PREFIX"
                        + " (both 'incoming/'), or results would be ingested; MAX_OBJECT_BYTES must be 1..5497558138880 (got 0)");
    }

    @Test
    void emptyInputPrefix_meansTheWholeBucket_butMissingIsAnError() {
        Map<String, String> env = valid();
        env.put("INPUT_PREFIX", "");
        assertThat(IngestConfig.fromEnv(env).inputPrefix()).isEmpty();

        env.remove("INPUT_PREFIX");
        assertThatThrownBy(() -> IngestConfig.fromEnv(env)).hasMessageContaining("INPUT_PREFIX is missing");
    }
}
