package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.ZoneChoice;
import com.ingestpipeline.components.testing.MockWorld;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A new network uses only zones that offer the workers' instance type and every endpoint service. */
class NetworkZonesTest {
    private static final String SUBNET = "aws:ec2/subnet:Subnet";
    private static final MockWorld FOUR_ZONES = MockWorld.standard().withZones(
        List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"),
        List.of("use1-az1", "use1-az2", "use1-az3", "use1-az4"));

    private static List<Object> subnetZones(RecordingMocks m) {
        return m.ofType(SUBNET).stream().sorted(Comparator.comparing(Registered::name))
            .map(s -> s.input("availabilityZone")).toList();
    }

    @Test
    void aZoneWithoutTheWorkersInstanceTypeIsSkipped() {
        // GIVEN an account whose us-east-1b (here use1-az3's name) does not offer the worker's instance type
        MockWorld world = FOUR_ZONES.withoutInstanceTypesIn("us-east-1b");
        var outcome = MockRun.run(world, ctx -> new Network("net", NetworkArgs.builder().availabilityZoneCount(3)
            .requiredInstanceTypes(List.of("m7g.large")).build(), null));
        // THEN the subnets go to the first three zones that offer it
        assertThat(subnetZones(outcome.mocks())).containsExactly("us-east-1a", "us-east-1c", "us-east-1d");
        assertThat(outcome.mocks().invokes()).contains("aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings");
    }

    @Test
    void aZoneWithoutAnInterfaceEndpointServiceIsSkipped() {
        MockWorld world = FOUR_ZONES.withEndpointServiceMissingIn("secretsmanager", "us-east-1a");
        var outcome = MockRun.run(world, ctx -> new Network("net", NetworkArgs.builder()
            .interfaceEndpoints(List.of("states", "secretsmanager")).build(), null));
        assertThat(subnetZones(outcome.mocks())).containsExactly("us-east-1b", "us-east-1c");
    }

    @Test
    void tooFewQualifyingZonesFailThePlanNamingWhatEachRefusedZoneLacks() {
        MockWorld world = MockWorld.standard().withoutInstanceTypesIn("us-east-1b", "us-east-1c");
        var outcome = MockRun.runAllowingErrors(world, ctx -> new Network("net", NetworkArgs.builder()
            .requiredInstanceTypes(List.of("m7g.large")).build(), null));
        assertThat(outcome.result().exceptions().toString() + outcome.result().errors())
            .contains("availabilityZoneCount is 2 but only 1 zone(s)")
            .contains("us-east-1b lacks instance type m7g.large")
            .contains("us-east-1c lacks instance type m7g.large");
    }

    @Test
    void theChoiceKeepsTheRegionsOrderAndStopsAtTheCount() {
        assertThat(ZoneChoice.choose(List.of("a", "b", "c", "d"), 2, List.of("t"),
            Map.of("a", Set.of("t"), "c", Set.of("t"), "d", Set.of("t")), Map.of("logs", List.of("a", "b", "c", "d"))))
            .containsExactly("a", "c");
        assertThatThrownBy(() -> ZoneChoice.choose(List.of("a", "b"), 2, List.of(), Map.of(),
            Map.of("logs", List.of("a"))))
            .hasMessageContaining("b lacks the logs endpoint service");
    }

    @Test
    void theFlowLogStartsOnlyOnceItsRoleMayWrite() {
        var outcome = MockRun.run(ctx -> new Network("net", NetworkArgs.builder().flowLogs(true).build(), null));
        RecordingMocks m = outcome.mocks();
        assertThat(m.dependsOn(m.single("aws:ec2/flowLog:FlowLog"))).containsExactly("net-flow-logs-policy");
    }
}
