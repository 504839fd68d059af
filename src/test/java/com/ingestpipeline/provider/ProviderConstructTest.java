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
    void nestedNetworkAndDatabase_constructedThroughTheProvider_reachTheWorker() throws Exception {
        java.nio.file.Path jar = java.nio.file.Files.createTempFile("provider-worker-", ".jar");
        java.nio.file.Files.writeString(jar, "worker bytes");
        var outcome = MockRun.run(ctx -> ProviderMain.provider().construct(new ConstructRequest(
            "ingestpipeline:index:BatchComputeNode", "node", Map.of(
                "network", PropertyValue.of(Map.of(
                    "vpcId", PropertyValue.of("vpc-0ts"),
                    "subnetIds", PropertyValue.of(List.of(PropertyValue.of("subnet-0a"), PropertyValue.of("subnet-0b"))),
                    "vpcCidr", PropertyValue.of("10.40.0.0/16"))),
                "database", PropertyValue.of(Map.of(
                    "host", PropertyValue.of("db.ts.internal"),
                    "port", PropertyValue.of(6432.0),
                    "name", PropertyValue.of("ingest"),
                    "secretArn", PropertyValue.of("arn:aws:secretsmanager:us-east-1:123456789012:secret:db"),
                    "securityGroupId", PropertyValue.of("sg-0db"),
                    "sslMode", PropertyValue.of("verify-ca"))),
                "workerJarPath", PropertyValue.of(jar.toString())),
            ComponentResourceOptions.Empty)).join());

        var instance = outcome.mocks().single("aws:ec2/instance:Instance");
        assertThat(instance.input("subnetId")).isEqualTo("subnet-0a");
        assertThat((String) instance.input("userData")).contains("DB_HOST='db.ts.internal'").contains("DB_PORT='6432'")
            .contains("DB_NAME='ingest'").contains("DB_SSL_MODE='verify-ca'");
        var ingress = outcome.mocks().single("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assertThat(ingress.input("securityGroupId")).isEqualTo("sg-0db");
        assertThat(ingress.input("fromPort")).isEqualTo(6432.0);
        assertThat(outcome.mocks().single("aws:ec2/securityGroup:SecurityGroup").input("vpcId")).isEqualTo("vpc-0ts");
    }

    @Test
    void badNestedInputThroughTheProvider_failsNamingTheNestedField() {
        Map<String, PropertyValue> network = Map.of("vpcId", PropertyValue.of("vpc-0ts"),
            "subnetIds", PropertyValue.of(List.of(PropertyValue.of("subnet-0a"))));
        var outcome = MockRun.runAllowingErrors(ctx -> ProviderMain.provider().construct(new ConstructRequest(
            "ingestpipeline:index:BatchComputeNode", "node", Map.of(
                "network", PropertyValue.of(network),
                "database", PropertyValue.of(Map.of(
                    "host", PropertyValue.of("db.ts.internal"),
                    "port", PropertyValue.of(70000.0),
                    "name", PropertyValue.of("ingest"),
                    "secretArn", PropertyValue.of("arn:aws:secretsmanager:us-east-1:123456789012:secret:db"),
                    "sslMode", PropertyValue.of("disable")))),
            ComponentResourceOptions.Empty)).join());
        assertThat(outcome.result().exitCode()).isNotZero();
        assertThat(outcome.result().exceptions().toString() + outcome.result().errors())
            .contains("database.port must be 1..65535 (got 70000); "
                + "database.sslMode must be one of [verify-full, verify-ca, require] (got disable)");
        assertThat(outcome.mocks().ofType("aws:ec2/instance:Instance")).isEmpty();

        // A required nested field is refused by the SDK's deserializer already, naming the field and its type.
        var missing = MockRun.runAllowingErrors(ctx -> ProviderMain.provider().construct(new ConstructRequest(
            "ingestpipeline:index:BatchComputeNode", "node", Map.of(
                "network", PropertyValue.of(Map.of("vpcId", PropertyValue.of("vpc-0ts"))),
                "database", PropertyValue.of(Map.of("host", PropertyValue.of("db.ts.internal")))),
            ComponentResourceOptions.Empty)).join());
        assertThat(missing.result().exceptions().toString())
            .contains("Missing required field subnetIds in type com.ingestpipeline.components.NetworkPlacementArgs");
    }

    @Test
    void unknownComponentToken_isRejectedNamingIt() {
        var outcome = MockRun.runAllowingErrors(ctx -> ProviderMain.provider().construct(new ConstructRequest(
            "ingestpipeline:index:Nope", "x", Map.of(), ComponentResourceOptions.Empty)).join());

        assertThat(outcome.result().exceptions().toString() + outcome.result().errors()).contains("ingestpipeline:index:Nope");
    }
}
