package com.ingestpipeline.components.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CPU architecture of an EC2 instance type, derived from its family name, so the AMI matches the
 * instance without a second setting that could disagree with it.
 *
 * <p>Graviton families carry a {@code g} right after the generation digit ({@code t4g}, {@code m7gd},
 * {@code c6gn}, {@code im4gn}, {@code is4gen}, {@code hpc7g}, {@code g5g}), plus the first-generation
 * {@code a1}. Everything else Amazon Linux 2023 runs on is x86_64 ({@code g5} is an x86 GPU family).
 */
public final class InstanceArchitecture {
    public static final String ARM64 = "arm64";
    public static final String X86_64 = "x86_64";

    private static final Pattern INSTANCE_TYPE = Pattern.compile("^[a-z][a-z0-9-]*\\.[a-z0-9]+$");
    private static final Pattern GRAVITON_FAMILY = Pattern.compile("^[a-z]+[0-9]+g[a-z0-9-]*$");

    private InstanceArchitecture() {
    }

    /** Why an instance type cannot run the worker, or empty when it can. */
    public static Optional<String> problem(String instanceType) {
        if (instanceType == null || !INSTANCE_TYPE.matcher(instanceType).matches()) {
            return Optional.of("instanceType must look like <family>.<size>, e.g. t4g.medium (got " + instanceType + ")");
        }
        if (family(instanceType).startsWith("mac")) {
            return Optional.of("instanceType " + instanceType + " is a Mac instance (dedicated hosts, macOS only); "
                + "use an Amazon Linux 2023 type such as t4g.medium or m7g.large");
        }
        return Optional.empty();
    }

    /** {@code arm64} or {@code x86_64}; fails on a malformed or unsupported type. */
    public static String of(String instanceType) {
        problem(instanceType).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return ofFamily(family(instanceType));
    }

    /** {@code arm64} or {@code x86_64} for an instance family such as {@code t4g} or {@code m7i-flex}. */
    public static String ofFamily(String family) {
        return family.equals("a1") || GRAVITON_FAMILY.matcher(family).matches() ? ARM64 : X86_64;
    }

    /** The public SSM parameter holding the latest Amazon Linux 2023 AMI id for the architecture. */
    public static String al2023AmiParameter(String architecture) {
        return "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-" + architecture;
    }

    private static String family(String instanceType) {
        return instanceType.substring(0, instanceType.indexOf('.'));
    }
}
