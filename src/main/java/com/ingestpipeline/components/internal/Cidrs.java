package com.ingestpipeline.components.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv4 CIDR arithmetic for laying subnets out inside a VPC block, in the manner of Terraform's
 * {@code cidrsubnet(prefix, newbits, netnum)}: pure, so the layout is known (and testable) before any
 * cloud call.
 */
public final class Cidrs {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private Cidrs() {
    }

    /** A parsed IPv4 block: the network address as an unsigned 32-bit value and the prefix length. */
    public record Block(long network, int prefix) {
        /** Addresses in the block. */
        public long size() {
            return 1L << (32 - prefix);
        }

        /** Whether {@code other} lies entirely inside this block. */
        public boolean contains(Block other) {
            return other.prefix >= prefix && (other.network & mask(prefix)) == network;
        }

        @Override
        public String toString() {
            return ((network >>> 24) & 0xff) + "." + ((network >>> 16) & 0xff) + "." + ((network >>> 8) & 0xff)
                + "." + (network & 0xff) + "/" + prefix;
        }
    }

    /**
     * Parses {@code a.b.c.d/n}. Refuses malformed text and host bits set after the prefix (e.g.
     * {@code 10.0.0.1/16}), because AWS rejects those and the mistake is usually a typo.
     */
    public static Block parse(String cidr) {
        if (cidr == null) {
            throw new IllegalArgumentException("CIDR is missing");
        }
        Matcher m = CIDR.matcher(cidr.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR like 10.0.0.0/16");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("'" + cidr + "' has an octet above 255");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32) {
            throw new IllegalArgumentException("'" + cidr + "' has a prefix length above 32");
        }
        if ((address & ~mask(prefix) & 0xffffffffL) != 0) {
            throw new IllegalArgumentException("'" + cidr + "' has host bits set; the network address is "
                + new Block(address & mask(prefix), prefix));
        }
        return new Block(address, prefix);
    }

    /**
     * What is wrong with a VPC block, the way the EC2 API checks it before a VPC is created: empty when
     * {@code cidr} is a network address with a prefix in min..max.
     */
    public static Optional<String> problem(String cidr, int minPrefix, int maxPrefix) {
        String expected = "must be an IPv4 CIDR like 10.0.0.0/16 with a prefix /" + minPrefix + " to /" + maxPrefix;
        Matcher m = CIDR.matcher(cidr == null ? "" : cidr.trim());
        if (!m.matches()) {
            return Optional.of(expected + " (got '" + cidr + "')");
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return Optional.of(expected + " (got '" + cidr + "')");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix < minPrefix || prefix > maxPrefix) {
            return Optional.of(expected + " (got /" + prefix + ")");
        }
        if ((address & ~mask(prefix) & 0xffffffffL) != 0) {
            return Optional.of("host bits are set: the network address is " + new Block(address & mask(prefix), prefix)
                + " (got '" + cidr + "')");
        }
        return Optional.empty();
    }

    /** Whether the text parses as an IPv4 CIDR with no host bits set. */
    public static boolean isValid(String cidr) {
        try {
            parse(cidr);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The {@code index}-th block of length {@code newPrefix} inside {@code parent}, counting from the
     * parent's network address.
     */
    public static Block subnet(Block parent, int newPrefix, int index) {
        if (newPrefix < parent.prefix() || newPrefix > 32) {
            throw new IllegalArgumentException("prefix /" + newPrefix + " does not fit inside " + parent);
        }
        long count = 1L << (newPrefix - parent.prefix());
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(parent + " holds " + count + " blocks of /" + newPrefix
                + "; index " + index + " is out of range");
        }
        return new Block(parent.network() + index * (1L << (32 - newPrefix)), newPrefix);
    }

    /** {@code count} consecutive /{@code newPrefix} blocks starting at block {@code firstIndex}. */
    public static List<String> subnets(String parentCidr, int newPrefix, int firstIndex, int count) {
        Block parent = parse(parentCidr);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(subnet(parent, newPrefix, firstIndex + i).toString());
        }
        return out;
    }

    /** How many /{@code newPrefix} blocks fit in a /{@code parentPrefix}. */
    public static long capacity(int parentPrefix, int newPrefix) {
        return newPrefix < parentPrefix ? 0 : 1L << (newPrefix - parentPrefix);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }
}
