package com.ingestpipeline.components.internal;

import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule's event pattern, evaluated by Event Ruler (the matching library EventBridge itself uses) against events
 * in the shape S3 sends to EventBridge: what must reach the function does, worker output and other buckets do not.
 */
class S3EventPatternsEventBridgeTest {

    static String event(String detailType, String bucket, String key) {
        return "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"" + detailType + "\",\"source\":\"aws.s3\","
            + "\"account\":\"123456789012\",\"time\":\"2026-12-01T00:00:00Z\",\"region\":\"us-east-1\","
            + "\"resources\":[\"arn:aws:s3:::" + bucket + "\"],\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\""
            + bucket + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":5,\"etag\":\"e\",\"sequencer\":\"01\"},"
            + "\"reason\":\"PutObject\"}}";
    }

    private static boolean matches(String pattern, String event) throws Exception {
        Machine machine = new Machine();
        machine.addRule("r", pattern);
        return !machine.rulesForJSONEvent(event).isEmpty();
    }

    @Test
    void withoutSuffixes_everyKeyUnderThePrefixOfThatBucketMatches_andNothingElse() throws Exception {
        String pattern = S3EventPatterns.objectCreated("corp-landing", "incoming/", List.of());

        assertThat(matches(pattern, event("Object Created", "corp-landing", "incoming/a b+c.csv"))).isTrue();
        assertThat(matches(pattern, event("Object Created", "corp-landing", "incoming/deep/x.bin"))).isTrue();
        assertThat(matches(pattern, event("Object Created", "corp-landing", "results/1/profile.json"))).isFalse();
        assertThat(matches(pattern, event("Object Created", "other-bucket", "incoming/a.csv"))).isFalse();
        assertThat(matches(pattern, event("Object Deleted", "corp-landing", "incoming/a.csv"))).isFalse();
    }

    @Test
    void withSuffixes_aKeyNeedsThePrefixAndOneOfTheSuffixes() throws Exception {
        String pattern = S3EventPatterns.objectCreated("corp-landing", "incoming/", List.of(".csv", ".jsonl.gz"));

        assertThat(matches(pattern, event("Object Created", "corp-landing", "incoming/a.csv"))).isTrue();
        assertThat(matches(pattern, event("Object Created", "corp-landing", "incoming/day 1/b.jsonl.gz"))).isTrue();
        assertThat(matches(pattern, event("Object Created", "corp-landing", "incoming/a.tsv"))).isFalse();
        assertThat(matches(pattern, event("Object Created", "corp-landing", "results/a.csv"))).isFalse();
        assertThat(matches(pattern, event("Object Created", "corp-landing", "archive/incoming/a.csv"))).isFalse();
    }

    @Test
    void anAsteriskInAPrefixOrSuffix_isMatchedLiterally() throws Exception {
        String pattern = S3EventPatterns.objectCreated("b", "in*/", List.of(".c*v"));

        assertThat(pattern).contains("\"wildcard\":\"in\\\\*/*.c\\\\*v\"");
        assertThat(matches(pattern, event("Object Created", "b", "in*/x.c*v"))).isTrue();
        assertThat(matches(pattern, event("Object Created", "b", "inbox/x.csv"))).isFalse();
    }
}
