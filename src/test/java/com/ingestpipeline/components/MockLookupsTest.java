package com.ingestpipeline.components;

import com.ingestpipeline.testing.MockRun;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan's lookups answer from what the plan built, so wiring from the wrong resource shows. */
class MockLookupsTest {
    @BeforeAll
    static void workerJar() throws Exception {
        BatchComputeNodeTest.workerJar();
    }

    @Test
    void aVpcLookupAnswersTheCidrOfTheVpcThePlanCreatedSoARuleFromTheWrongVpcShows() {
        // GIVEN two VPCs in one plan, WHEN a BatchComputeNode is placed in the second without its CIDR (so it looks it up)
        var outcome = MockRun.run(ctx -> {
            var first = new Vpc("first", VpcArgs.builder().cidrBlock("10.1.0.0/16").build());
            var second = new Vpc("second", VpcArgs.builder().cidrBlock("10.2.0.0/16").build());
            ctx.export("first", first.id());
            new BatchComputeNode("node", BatchComputeNodeTest.base()
                .network(NetworkPlacementArgs.builder().vpcId(second.id()).subnetIds(List.of("subnet-0a", "subnet-0b"))
                    .build()).build(), null);
        });
        // THEN its HTTPS egress names the second VPC's CIDR: a fixed mock answer would have hidden a mix-up
        var rule = outcome.mocks().single("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            n -> n.equals("node-egress-https-vpc"));
        assertThat(rule.input("cidrIpv4")).isEqualTo("10.2.0.0/16");
    }

}
