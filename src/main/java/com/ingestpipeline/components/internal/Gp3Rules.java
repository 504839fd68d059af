package com.ingestpipeline.components.internal;

import java.util.Optional;

/**
 * The gp3 volume rules (EBS volume types docs), in one place: {@code BatchComputeNode} checks its data
 * volume with them and the stack's settings reader its {@code workerVolume*} keys.
 */
public final class Gp3Rules {
    public static final int MIN_SIZE_GIB = 1;
    public static final int MAX_SIZE_GIB = 16384;
    /** Every gp3 volume gets 3000 IOPS and 125 MiB/s whatever its size, at no extra cost. */
    public static final int BASELINE_IOPS = 3000;
    public static final int MAX_IOPS = 16000;
    public static final int BASELINE_THROUGHPUT_MIBPS = 125;
    public static final int MAX_THROUGHPUT_MIBPS = 1000;
    private static final int IOPS_PER_GIB = 500;
    private static final int IOPS_PER_MIBPS = 4;

    private Gp3Rules() {
    }

    /** The 500-per-GiB cap only limits IOPS provisioned above the baseline. */
    public static Optional<String> iopsProblem(int iops, int sizeGib) {
        if (iops <= BASELINE_IOPS || iops <= (long) IOPS_PER_GIB * sizeGib) {
            return Optional.empty();
        }
        return Optional.of("must be at most " + IOPS_PER_GIB + " per GiB above the " + BASELINE_IOPS
            + " gp3 baseline: " + Math.max(BASELINE_IOPS, (long) IOPS_PER_GIB * sizeGib) + " for " + sizeGib
            + " GiB (got " + iops + ")");
    }

    public static Optional<String> throughputProblem(int throughputMibps, int iops) {
        if ((long) throughputMibps * IOPS_PER_MIBPS <= iops) {
            return Optional.empty();
        }
        return Optional.of("must be at most IOPS/" + IOPS_PER_MIBPS + " on gp3: " + iops / IOPS_PER_MIBPS + " for "
            + iops + " IOPS (got " + throughputMibps + ")");
    }
}
