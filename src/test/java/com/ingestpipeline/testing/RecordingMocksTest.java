package com.ingestpipeline.testing;

import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.ssm.SsmFunctions;
import com.pulumi.aws.ssm.inputs.GetParameterArgs;
import com.pulumi.aws.ec2.Ec2Functions;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.inputs.GetSubnetArgs;
import com.pulumi.aws.ec2.inputs.GetVpcArgs;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class RecordingMocksTest {
    @Test
    void recordsEachResourceWithItsInputsAndARealisticArn() {
        var outcome = MockRun.run(ctx -> {
            var bucket = new BucketV2("data", BucketV2Args.builder().bucket("my-data").forceDestroy(false).build());
            ctx.export("arn", bucket.arn());
        });
        var bucket = outcome.mocks().single("aws:s3/bucketV2:BucketV2");
        assertThat(bucket.input("bucket")).isEqualTo("my-data");
        assertThat(bucket.input("forceDestroy")).isEqualTo(false);
        assertThat(com.pulumi.test.PulumiTest.extractValue(outcome.result().output("arn"))).isEqualTo("arn:aws:s3:::my-data");
    }

    @Test
    void anUnknownInvokeFailsTheProgramInsteadOfReturningNulls() {
        var outcome = MockRun.runAllowingErrors(ctx -> ctx.export("v",
            com.pulumi.aws.AwsFunctions.getBillingServiceAccount().applyValue(r -> r.arn())));
        assertThat(outcome.result().exitCode()).isNotZero();
        assertThat(outcome.result().errors().toString() + outcome.result().exceptions()).contains("no mock for invoke");
    }

    @Test
    void amiParameterInvokeAnswersAnAmiId() {
        var outcome = MockRun.run(ctx -> ctx.export("ami", SsmFunctions.getParameter(GetParameterArgs.builder()
            .name("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64").build()).applyValue(p -> p.value())));
        assertThat((String) com.pulumi.test.PulumiTest.extractValue(outcome.result().output("ami"))).startsWith("ami-0");
    }

    @Test
    void aVpcFromOutsideThePlanAnswersTheFixedExistingVpcCidr() {
        var byo = MockRun.run(ctx -> ctx.export("cidr", Ec2Functions.getVpc(GetVpcArgs.builder().id("vpc-0byo").build())
            .applyValue(v -> v.cidrBlock())));
        assertThat(com.pulumi.test.PulumiTest.extractValue(byo.result().output("cidr"))).isEqualTo("10.99.0.0/16");
    }

    @Test
    void aSubnetLookupAnswersTheZoneTheSubnetWasCreatedIn() {
        var outcome = MockRun.run(ctx -> {
            var vpc = new Vpc("v", VpcArgs.builder().cidrBlock("10.1.0.0/16").build());
            var subnet = new Subnet("s", SubnetArgs.builder().vpcId(vpc.id()).cidrBlock("10.1.0.0/24")
                .availabilityZone("us-east-1c").build());
            ctx.export("zone", subnet.id().apply(id -> Ec2Functions.getSubnet(GetSubnetArgs.builder().id(id).build()))
                .applyValue(r -> r.availabilityZone()));
        });
        assertThat(com.pulumi.test.PulumiTest.extractValue(outcome.result().output("zone"))).isEqualTo("us-east-1c");
    }
}
