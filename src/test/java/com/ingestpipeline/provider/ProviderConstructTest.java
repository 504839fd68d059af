package com.ingestpipeline.provider;

import com.ingestpipeline.testing.MockRun;
import com.pulumi.provider.internal.models.ConstructRequest;
import com.pulumi.provider.internal.models.ConstructResponse;
import com.pulumi.provider.internal.properties.PropertyValue;
import com.pulumi.resources.ComponentResourceOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Constructs components through the provider's Construct call, with inputs shaped the way the engine
 * forwards them from a TypeScript or Python program ({@code new ingestpipeline.Network("net", {...})}).
 */
class ProviderConstructTest {
    private static PropertyValue tag(String key, String value) {
        return PropertyValue.of(Map.of("key", PropertyValue.of(key), "value", PropertyValue.of(value)));
    }

    @Test
    void network_constructedThroughTheProvider_getsTheInputsAProgramPassed() {
        AtomicReference<ConstructResponse> response = new AtomicReference<>();
        var outcome = MockRun.run(ctx -> response.set(ProviderMain.provider().construct(new ConstructRequest(
            "ingestpipeline:index:Network", "net", Map.of(
                "cidrBlock", PropertyValue.of("10.40.0.0/16"),
                "availabilityZoneCount", PropertyValue.of(2.0),
                "tags", PropertyValue.of(List.of(tag("owner", "ts-team")))),
            ComponentResourceOptions.Empty)).join()));

        var vpc = outcome.mocks().single("aws:ec2/vpc:Vpc");
        assertThat(vpc.input("cidrBlock")).isEqualTo("10.40.0.0/16");
        assertThat(vpc.input("tags")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class)).containsEntry("owner", "ts-team");
        assertThat(outcome.mocks().ofType("aws:ec2/subnet:Subnet")).hasSize(2);
        assertThat(response.get().getUrn()).endsWith("ingestpipeline:index:Network::net");
        assertThat(response.get().getState()).containsKeys("vpcId", "privateSubnetIds");
    }

    @Test
    void badInputThroughTheProvider_failsWithTheComponentsValidationMessage() {
        var outcome = MockRun.runAllowingErrors(ctx -> ProviderMain.provider().construct(new ConstructRequest(
            "ingestpipeline:index:Network", "net", Map.of("availabilityZoneCount", PropertyValue.of(9.0)),
            ComponentResourceOptions.Empty)).join());

        assertThat(outcome.result().exitCode()).isNotZero();
        assertThat(outcome.result().exceptions().toString() + outcome.result().errors()).contains("availabilityZoneCount");
        assertThat(outcome.mocks().ofType("aws:ec2/vpc:Vpc")).isEmpty();
    }

    @Test
    void unknownComponentToken_isRejectedNamingIt() {
        var outcome = MockRun.runAllowingErrors(ctx -> ProviderMain.provider().construct(new ConstructRequest(
            "ingestpipeline:index:Nope", "x", Map.of(), ComponentResourceOptions.Empty)).join());

        assertThat(outcome.result().exceptions().toString() + outcome.result().errors()).contains("ingestpipeline:index:Nope");
    }
}
