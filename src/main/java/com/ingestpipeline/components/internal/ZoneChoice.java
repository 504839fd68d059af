package com.ingestpipeline.components.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which availability zones a new network uses. Zone names map to different physical zones in each account, and
 * not every zone offers every instance type or endpoint service (in us-east-1 one zone, use1-az3, refuses current
 * instance types with "Your requested instance type is not supported in your requested Availability Zone"). So the
 * first zones, in the region's order, that offer every required instance type ({@code ec2:DescribeInstanceTypeOfferings}
 * by zone) and every interface endpoint's service ({@code ec2:DescribeVpcEndpointServices}, its AvailabilityZones)
 * are chosen; too few is an error naming what each refused zone lacks.
 */
public final class ZoneChoice {
    private ZoneChoice() {
    }

    /**
     * @param regionZones    the region's zone names that need no opt-in, in the region's order
     * @param wanted         how many zones to choose
     * @param instanceTypes  instance types every chosen zone must offer
     * @param offered        zone name → instance types offered there (only the required ones matter)
     * @param serviceZones   endpoint service short name → zone names it is offered in
     */
    public static List<String> choose(List<String> regionZones, int wanted, List<String> instanceTypes,
                                      Map<String, Set<String>> offered, Map<String, List<String>> serviceZones) {
        List<String> chosen = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String zone : regionZones) {
            List<String> lacks = new ArrayList<>();
            for (String type : instanceTypes) {
                if (!offered.getOrDefault(zone, Set.of()).contains(type)) {
                    lacks.add("instance type " + type);
                }
            }
            serviceZones.forEach((service, zones) -> {
                if (!zones.contains(zone)) {
                    lacks.add("the " + service + " endpoint service");
                }
            });
            if (lacks.isEmpty()) {
                if (chosen.size() < wanted) {
                    chosen.add(zone);
                }
            } else {
                refused.add(zone + " lacks " + String.join(", ", lacks));
            }
        }
        if (chosen.size() < wanted) {
            throw new IllegalArgumentException("NetworkArgs: availabilityZoneCount is " + wanted + " but only "
                + chosen.size() + " zone(s) of the region offer everything the stack needs " + chosen
                + (refused.isEmpty() ? "" : "; " + String.join("; ", refused))
                + ". Lower availabilityZoneCount, pick an instance type offered in more zones, or name the zones"
                + " (availabilityZones)");
        }
        return List.copyOf(chosen);
    }
}
