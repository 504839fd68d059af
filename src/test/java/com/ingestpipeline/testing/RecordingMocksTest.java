package com.ingestpipeline.testing;

import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.ssm.SsmFunctions;
import com.pulumi.aws.ssm.inputs.GetParameterArgs;
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
}
