package com.ingestpipeline.cost;

import com.ingestpipeline.gate.TestPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CostEstimatorTest {
    private final CostEstimator estimator = new CostEstimator(PriceTable.bundled(), Assumptions.defaults());

    private static TestPlan devLikePlan() {
        return new TestPlan()
            .add("aws:ec2/subnet:Subnet", "net-a", "subnet-a", "{'availabilityZone':'us-east-1a'}")
            .add("aws:ec2/subnet:Subnet", "net-b", "subnet-b", "{'availabilityZone':'us-east-1b'}")
            .add("aws:ec2/vpcEndpoint:VpcEndpoint", "net-ssm", "vpce-1", "{'vpcEndpointType':'Interface',"
                + "'serviceName':'com.amazonaws.us-east-1.ssm','subnetIds':['subnet-a']}")
            .add("aws:ec2/vpcEndpoint:VpcEndpoint", "net-s3", "vpce-2", "{'vpcEndpointType':'Gateway',"
                + "'serviceName':'com.amazonaws.us-east-1.s3'}")
            .add("aws:rds/instance:Instance", "db", "db", "{'instanceClass':'db.t4g.micro','allocatedStorage':20,"
                + "'storageType':'gp3','multiAz':false,'manageMasterUserPassword':true}")
            .add("aws:ec2/instance:Instance", "worker-0", "i-1", "{'instanceType':'t4g.medium',"
                + "'rootBlockDevice':{'volumeSize':8,'volumeType':'gp3'}}")
            .add("aws:ebs/volume:Volume", "worker-0-data", "vol-1", "{'size':20,'type':'gp3'}")
            .add("aws:s3/bucketV2:BucketV2", "data", "my-data", "{'bucket':'my-data'}")
            .add("aws:s3/bucketNotification:BucketNotification", "data-notify", "{'bucket':'my-data',"
                + "'lambdaFunctions':[{'lambdaFunctionArn':'arn:aws:lambda:us-east-1:123456789012:function:ingest'}]}")
            .add("aws:lambda/function:Function", "ingest-fn", "ingest", "{'name':'ingest','memorySize':1024,"
                + "'architectures':['arm64']}")
            .add("aws:lambda/function:Function", "status-fn", "status", "{'name':'status','memorySize':512}")
            .add("aws:sfn/stateMachine:StateMachine", "flow", "flow", "{}");
    }

    @Test
    void idleCost_countsAlwaysOnResourcesButNotAStoppedWorker() {
        CostReport report = estimator.estimate("dev", devLikePlan().json());

        double db = 730 * 0.016 + 20 * 0.115;
        double secret = 0.40;
        double endpoint = 730 * 0.01;
        double volumes = 8 * 0.08 + 20 * 0.08;
        assertThat(report.idleMonthly()).isCloseTo(db + secret + endpoint + volumes, within(1e-6));
        assertThat(report.lines()).filteredOn(l -> l.resource().equals("worker-0"))
            .singleElement().satisfies(l -> {
                assertThat(l.idleMonthly()).isZero();
                assertThat(l.perGb()).isCloseTo(1024 / 25.0 / 3600 * 0.0336, within(1e-9));
            });
    }

    @Test
    void perGbCost_chargesTheNotifiedFunctionPerFileAndNotTheStatusFunction() {
        CostReport report = estimator.estimate("dev", devLikePlan().json());

        double files = 1024 / 100.0;
        assertThat(report.lines()).filteredOn(l -> l.resource().equals("ingest-fn")).singleElement()
            .satisfies(l -> assertThat(l.perGb()).isCloseTo(files * (1.0 * 2.0 * 0.0000133334 + 0.0000002), within(1e-9)));
        assertThat(report.lines()).filteredOn(l -> l.resource().equals("status-fn")).singleElement()
            .satisfies(l -> assertThat(l.perGb()).isZero());
        assertThat(report.lines()).filteredOn(l -> l.resource().equals("data")).singleElement()
            .satisfies(l -> assertThat(l.perGb()).isCloseTo(1.35 * 0.023 + files * 3 / 1000 * 0.005
                + files / 1000 * 0.0004, within(1e-9)));
        assertThat(report.table()).contains("ingest-fn").contains("total");
    }

    @Test
    void naiveLayout_replacesEndpointsWithANatGatewayPerAzAndKeepsTheWorkerOn() {
        CostReport dev = estimator.estimate("dev", devLikePlan().json());
        CostReport naive = estimator.naive("naive", devLikePlan().json());

        assertThat(naive.lines()).extracting(CostLine::kind).noneMatch(k -> k.startsWith("interface endpoint"));
        assertThat(naive.lines()).filteredOn(l -> l.kind().equals("NAT gateway")).hasSize(2)
            .allSatisfy(l -> assertThat(l.idleMonthly()).isCloseTo(730 * (0.045 + 0.005), within(1e-6)));
        assertThat(naive.lines()).filteredOn(l -> l.resource().equals("worker-0")).singleElement()
            .satisfies(l -> assertThat(l.idleMonthly()).isCloseTo(730 * 0.0336, within(1e-6)));
        double expected = dev.idleMonthly() - 730 * 0.01 + 2 * 730 * 0.05 + 730 * 0.0336;
        assertThat(naive.idleMonthly()).isCloseTo(expected, within(1e-6));
        assertThat(dev.compareWith(naive)).contains("of naive").contains("goal");
    }

    @Test
    void multiAzDatabase_paysForTwoInstancesAndTwoCopiesOfStorage() {
        var plan = new TestPlan().add("aws:rds/instance:Instance", "db", "db",
            "{'instanceClass':'db.m7g.large','allocatedStorage':100,'storageType':'gp3','multiAz':true}");

        CostReport report = estimator.estimate("prod", plan.json());

        assertThat(report.idleMonthly()).isCloseTo(2 * (730 * 0.168 + 100 * 0.115), within(1e-6));
    }

    @Test
    void instanceTypeWithoutAPrice_failsNamingTheMissingRow() {
        var plan = new TestPlan().add("aws:ec2/instance:Instance", "w", "i-1", "{'instanceType':'x8g.metal'}");

        assertThatThrownBy(() -> estimator.estimate("dev", plan.json()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ec2.x8g.metal").hasMessageContaining("prices.csv");
    }

    @Test
    void priceTable_everyRowHasRegionDateAndSource_andBadRowsAreRejectedByLine() {
        assertThat(PriceTable.bundled().all()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.region()).isEqualTo("us-east-1");
            assertThat(p.source()).startsWith("https://aws.amazon.com/");
            assertThat(p.date()).isNotNull();
        });
        assertThatThrownBy(() -> PriceTable.parse("key,region,unit,usd,date,source\nx,us-east-1,hour,abc,2026-01-01,https://a\n"
            + "y,us-east-1,hour,1,2026-01-01,http://insecure\n"))
            .hasMessageContaining("line 2").hasMessageContaining("line 3");
    }
}
