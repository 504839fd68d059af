package com.ingestpipeline.diagram;

import com.ingestpipeline.gate.TestPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** EventBridge delivery in the picture: bucket → rule → function, the adopted bucket drawn as an existing one. */
class ArchitectureEventBridgeTest {
    private static final String ACCT = "us-east-1:123456789012";
    private static final String PATTERN = "{\\\"source\\\":[\\\"aws.s3\\\"],\\\"detail-type\\\":[\\\"Object Created\\\"],"
        + "\\\"detail\\\":{\\\"bucket\\\":{\\\"name\\\":[\\\"BUCKET\\\"]}}}";

    private static TestPlan plan(String bucket, boolean createBucket) {
        TestPlan plan = new TestPlan().component("ingestpipeline:index:IngestPipeline", "shared-ingest");
        if (createBucket) {
            plan.add("aws:s3/bucketV2:BucketV2", "shared-ingest-bucket", bucket, "{'bucket':'" + bucket + "'}");
        }
        return plan
            .add("aws:lambda/function:Function", "shared-ingest-fn", "shared-ingest-fn",
                "{'name':'shared-ingest-fn','runtime':'java21','memorySize':1024}")
            .add("aws:cloudwatch/eventRule:EventRule", "shared-ingest-object-created", "shared-ingest-object-created-1a2b3c4",
                "{'eventPattern':'" + PATTERN.replace("BUCKET", bucket) + "'}")
            .add("aws:cloudwatch/eventTarget:EventTarget", "shared-ingest-object-created-target",
                "{'rule':'shared-ingest-object-created-1a2b3c4',"
                    + "'arn':'arn:aws:lambda:" + ACCT + ":function:shared-ingest-fn:live'}");
    }

    @Test
    void adoptedBucket_isDrawnAsAnExistingBucket_feedingTheRuleThatInvokesTheFunction() {
        Architecture a = ArchitectureBuilder.from(plan("corp-data-landing", false).json());

        String rule = "n_cloudwatch_eventRule_shared_ingest_object_created";
        String fn = "n_lambda_function_shared_ingest_fn";
        String bucket = "n_existing_bucket_corp_data_landing";
        assertThat(a.edges()).extracting(e -> e.from() + " -" + e.label() + "-> " + e.to()).containsExactlyInAnyOrder(
            bucket + " -object created-> " + rule,
            rule + " -invoke-> " + fn);
        assertThat(a.groups()).singleElement().satisfies(g -> assertThat(g.nodes())
            .extracting(n -> n.kind() + " " + n.name() + " " + n.detail())
            .contains("BUCKET corp-data-landing existing bucket", "RULE shared-ingest-object-created default bus"));
        assertThat(Renderers.mermaid(a)).contains("EventBridge rule: shared-ingest-object-created");
    }

    @Test
    void aBucketTheStackCreates_feedsTheRuleFromItsOwnNode() {
        Architecture a = ArchitectureBuilder.from(plan("ingest-data-1", true).json());

        assertThat(a.edges()).extracting(e -> e.from() + " -" + e.label() + "-> " + e.to())
            .contains("n_s3_bucketV2_shared_ingest_bucket -object created-> n_cloudwatch_eventRule_shared_ingest_object_created");
        assertThat(a.groups().get(0).nodes()).noneMatch(n -> n.id().startsWith("n_existing_bucket_"));
    }
}
