package com.ingestpipeline.cost;

import com.ingestpipeline.gate.TestPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** EventBridge delivery in the estimate: S3's events are billed per event, and the rule's target is billed per file. */
class CostEstimatorEventBridgeTest {
    private final CostEstimator estimator = new CostEstimator(PriceTable.bundled(), Assumptions.defaults());

    private static TestPlan adoptedBucketPlan() {
        return new TestPlan()
            .add("aws:cloudwatch/eventRule:EventRule", "ingest-object-created", "ingest-object-created-1a2b3c4",
                "{'eventPattern':'{\\\"source\\\":[\\\"aws.s3\\\"],\\\"detail-type\\\":[\\\"Object Created\\\"]}'}")
            .add("aws:cloudwatch/eventTarget:EventTarget", "ingest-object-created-target", "{'rule':'ingest-object-created-1a2b3c4',"
                + "'arn':'arn:aws:lambda:us-east-1:123456789012:function:ingest:live'}")
            .add("aws:lambda/function:Function", "ingest-fn", "ingest", "{'name':'ingest','memorySize':1024,"
                + "'architectures':['arm64']}");
    }

    @Test
    void s3EventsOnTheBus_areChargedPerPutOfEveryFile_atTheOptInDataEventPrice() {
        CostReport report = estimator.estimate("shared", adoptedBucketPlan().json());

        double files = 1024 / 100.0;
        assertThat(PriceTable.bundled().usd("eventbridge.optin-data-event")).isEqualTo(0.000001);
        assertThat(report.lines()).filteredOn(l -> l.resource().equals("ingest-object-created")).singleElement()
            .satisfies(l -> {
                assertThat(l.kind()).isEqualTo("EventBridge S3 events");
                assertThat(l.idleMonthly()).isZero();
                assertThat(l.perGb()).isCloseTo(files * 3 * 0.000001, within(1e-12));
                assertThat(l.basis()).isEqualTo("30.72 events/GB × $1.00 per million");
            });
    }

    @Test
    void theFunctionTheRuleTargets_isChargedPerFile() {
        CostReport report = estimator.estimate("shared", adoptedBucketPlan().json());

        assertThat(report.lines()).filteredOn(l -> l.resource().equals("ingest-fn")).singleElement()
            .satisfies(l -> assertThat(l.perGb()).isCloseTo(1024 / 100.0 * (2.0 * 0.0000133334 + 0.0000002), within(1e-9)));
    }

    @Test
    void aRuleOnAnotherSource_isNotAnS3EventCost() {
        CostReport report = estimator.estimate("x", new TestPlan().add("aws:cloudwatch/eventRule:EventRule", "nightly",
            "{'scheduleExpression':'rate(1 day)'}").json());

        assertThat(report.lines()).isEmpty();
    }
}
