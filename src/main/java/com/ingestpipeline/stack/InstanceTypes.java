package com.ingestpipeline.stack;

import com.ingestpipeline.components.internal.InstanceArchitecture;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which EC2 instance types the stack accepts. The architecture rule itself (the AMI must match, or the
 * instance does not boot) lives in {@link InstanceArchitecture}, which the BatchComputeNode uses too; this
 * class adds the stack's stricter check that the family is one it knows, so a typo is an error rather than
 * a guess.
 */
public final class InstanceTypes {
    public static final String ARM64 = InstanceArchitecture.ARM64;
    public static final String X86_64 = InstanceArchitecture.X86_64;

    private static final Set<String> KNOWN = new TreeSet<>(Set.of(
        // Graviton (arm64)
        "a1", "t4g", "m6g", "m6gd", "m7g", "m7gd", "m8g", "m8gd", "c6g", "c6gd", "c6gn", "c7g", "c7gd", "c7gn",
        "c8g", "c8gd", "r6g", "r6gd", "r7g", "r7gd", "r8g", "r8gd", "x2gd", "x8g", "im4gn", "is4gen", "i4g", "i8g",
        "g5g", "hpc7g",
        // x86_64
        "t2", "t3", "t3a", "m5", "m5a", "m5ad", "m5d", "m5dn", "m5n", "m5zn", "m6a", "m6i", "m6id", "m6idn",
        "m6in", "m7a", "m7i", "m7i-flex", "m8a", "m8i", "c5", "c5a", "c5ad", "c5d", "c5n", "c6a", "c6i", "c6id",
        "c6in", "c7a", "c7i", "c7i-flex", "c8i", "r5", "r5a", "r5ad", "r5b", "r5d", "r5dn", "r5n", "r6a", "r6i",
        "r6id", "r6idn", "r6in", "r7a", "r7i", "r7iz", "r8i", "i3", "i3en", "i4i", "i7ie", "z1d", "x2idn", "x2iedn",
        "d3", "d3en", "g4dn", "g5", "g6", "p4d", "p5", "inf2", "trn1"));

    private InstanceTypes() {
    }

    /** The family of a type ({@code t4g.medium} → {@code t4g}), or empty if it is not {@code family.size}. */
    public static Optional<String> family(String instanceType) {
        int dot = instanceType.indexOf('.');
        if (dot <= 0 || dot == instanceType.length() - 1 || instanceType.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(instanceType.substring(0, dot));
    }

    /** {@code arm64} or {@code x86_64} for a known family, empty otherwise. */
    public static Optional<String> architecture(String instanceType) {
        return family(instanceType).filter(KNOWN::contains).map(InstanceArchitecture::ofFamily);
    }

    /** Every family this class knows, sorted, for error messages. */
    public static Set<String> knownFamilies() {
        return Collections.unmodifiableSet(KNOWN);
    }
}
