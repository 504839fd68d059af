package com.ingestpipeline.stack;

/** Checks an IPv4 CIDR the way the EC2 API does before a VPC is created. */
final class Cidrs {
    private Cidrs() {
    }

    /** Null when {@code cidr} is a network address with a prefix in min..max, else what is wrong. */
    static String problem(String cidr, int minPrefix, int maxPrefix) {
        String[] parts = cidr.split("/", -1);
        String expected = "must be an IPv4 CIDR like 10.0.0.0/16 with a prefix /" + minPrefix + " to /" + maxPrefix;
        if (parts.length != 2 || !parts[1].matches("\\d{1,2}")) {
            return expected + " (got '" + cidr + "')";
        }
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4) {
            return expected + " (got '" + cidr + "')";
        }
        long address = 0;
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return expected + " (got '" + cidr + "')";
            }
            address = (address << 8) | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < minPrefix || prefix > maxPrefix) {
            return expected + " (got /" + prefix + ")";
        }
        long hostMask = (1L << (32 - prefix)) - 1;
        if ((address & hostMask) != 0) {
            long network = address & ~hostMask & 0xFFFFFFFFL;
            return "host bits are set: the network address is " + (network >> 24) + "." + ((network >> 16) & 255) + "."
                + ((network >> 8) & 255) + "." + (network & 255) + "/" + prefix + " (got '" + cidr + "')";
        }
        return null;
    }
}
