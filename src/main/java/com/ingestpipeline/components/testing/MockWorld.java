package com.ingestpipeline.components.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The account and region the mocks pretend to be: which zones exist and what each offers, and the account's
 * default EBS key. The default is a plain us-east-1 account where every zone offers everything and EBS uses
 * the AWS managed key; tests pick a harder one (a zone without the worker's instance type, an endpoint service
 * missing from a zone, a customer managed default key) to prove the stack copes.
 *
 * @param zoneNames                 the region's zones in the order {@code getAvailabilityZones} lists them
 * @param zoneIds                   the account's zone ids, same order (names map to ids per account)
 * @param zonesWithoutInstanceTypes zone names that offer none of the requested instance types
 * @param endpointServiceMissingIn  service short name (e.g. "secretsmanager") → zone names it is not offered in
 * @param defaultEbsKeyManager      "AWS" (aws/ebs) or "CUSTOMER": the key manager of the account's default EBS key
 */
public record MockWorld(List<String> zoneNames, List<String> zoneIds, Set<String> zonesWithoutInstanceTypes,
                        Map<String, Set<String>> endpointServiceMissingIn, String defaultEbsKeyManager) {
    public MockWorld {
        zoneNames = List.copyOf(zoneNames);
        zoneIds = List.copyOf(zoneIds);
        zonesWithoutInstanceTypes = Set.copyOf(zonesWithoutInstanceTypes);
        endpointServiceMissingIn = Map.copyOf(endpointServiceMissingIn);
        if (zoneNames.size() != zoneIds.size()) {
            throw new IllegalArgumentException("MockWorld: one zone id per zone name");
        }
    }

    /** us-east-1 with three zones that offer everything, and EBS encrypting with the AWS managed key. */
    public static MockWorld standard() {
        return new MockWorld(RecordingMocks.AZS, List.of("use1-az1", "use1-az2", "use1-az4"), Set.of(), Map.of(), "AWS");
    }

    public MockWorld withZones(List<String> names, List<String> ids) {
        return new MockWorld(names, ids, zonesWithoutInstanceTypes, endpointServiceMissingIn, defaultEbsKeyManager);
    }

    public MockWorld withoutInstanceTypesIn(String... zones) {
        return new MockWorld(zoneNames, zoneIds, Set.of(zones), endpointServiceMissingIn, defaultEbsKeyManager);
    }

    public MockWorld withEndpointServiceMissingIn(String service, String... zones) {
        var missing = new java.util.HashMap<>(endpointServiceMissingIn);
        missing.put(service, Set.of(zones));
        return new MockWorld(zoneNames, zoneIds, zonesWithoutInstanceTypes, missing, defaultEbsKeyManager);
    }

    public MockWorld withCustomerManagedDefaultEbsKey() {
        return new MockWorld(zoneNames, zoneIds, zonesWithoutInstanceTypes, endpointServiceMissingIn, "CUSTOMER");
    }

    /** The ARN of the account's default EBS key in this world. */
    public String defaultEbsKeyArn() {
        return "arn:aws:kms:" + RecordingMocks.REGION + ":" + RecordingMocks.ACCOUNT + ":key/"
            + ("CUSTOMER".equals(defaultEbsKeyManager) ? "0c0ffee0-cafe-4bad-8bad-00000000ebs1"
            : "a1b2c3d4-aws0-ebs0-0000-00000000ebs0");
    }
}
