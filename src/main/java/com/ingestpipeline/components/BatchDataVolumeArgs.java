package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.Optional;

/**
 * The EBS data volume each worker instance gets (its own resource, never part of the instance, so the
 * instance can be replaced or destroyed while the data stays). Unset fields take the defaults in
 * {@code BatchComputeNodeDefaults}.
 */
public final class BatchDataVolumeArgs extends ResourceArgs {
    /** Size in GiB, 1 to 16384; growing it is an in-place change, the filesystem is grown at the next boot. Default: 100. */
    @Import(name = "sizeGib")
    private Integer sizeGib;

    /** gp3 provisioned IOPS, 3000 to 16000 and at most 500 per GiB. Default: 3000 (gp3 baseline, no extra cost). */
    @Import(name = "iops")
    private Integer iops;

    /** gp3 throughput in MiB/s, 125 to 1000 and at most IOPS / 4. Default: 125 (gp3 baseline, no extra cost). */
    @Import(name = "throughputMibps")
    private Integer throughputMibps;

    /** KMS key ARN for the volume's encryption (changing it replaces the volume). Default: the account's EBS default key (aws/ebs). */
    @Import(name = "kmsKeyArn")
    private Output<String> kmsKeyArn;

    /** Keep the volume in AWS when it is deleted from the stack (Pulumi retainOnDelete). Default: true. */
    @Import(name = "retainOnDelete")
    private Boolean retainOnDelete;

    /** Refuse to delete or replace the volume until this is turned off (Pulumi protect). Default: false. */
    @Import(name = "protect")
    private Boolean protect;

    /** Take a final snapshot when the volume is actually deleted (only happens with retainOnDelete false). Default: true. */
    @Import(name = "finalSnapshot")
    private Boolean finalSnapshot;

    /** Device name requested at attach time, /dev/sdf to /dev/sdp. Default: /dev/sdf. */
    @Import(name = "deviceName")
    private String deviceName;

    /** Filesystem created on a blank volume: xfs or ext4 (an existing filesystem is never reformatted). Default: xfs. */
    @Import(name = "fileSystem")
    private String fileSystem;

    private BatchDataVolumeArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Integer> sizeGib() {
        return Optional.ofNullable(sizeGib);
    }

    public Optional<Integer> iops() {
        return Optional.ofNullable(iops);
    }

    public Optional<Integer> throughputMibps() {
        return Optional.ofNullable(throughputMibps);
    }

    public Optional<Output<String>> kmsKeyArn() {
        return Optional.ofNullable(kmsKeyArn);
    }

    public Optional<Boolean> retainOnDelete() {
        return Optional.ofNullable(retainOnDelete);
    }

    public Optional<Boolean> protect() {
        return Optional.ofNullable(protect);
    }

    public Optional<Boolean> finalSnapshot() {
        return Optional.ofNullable(finalSnapshot);
    }

    public Optional<String> deviceName() {
        return Optional.ofNullable(deviceName);
    }

    public Optional<String> fileSystem() {
        return Optional.ofNullable(fileSystem);
    }

    /** Builds a {@link BatchDataVolumeArgs}; every setter is optional. */
    public static final class Builder {
        private final BatchDataVolumeArgs args = new BatchDataVolumeArgs();

        public Builder sizeGib(Integer value) {
            args.sizeGib = value;
            return this;
        }

        public Builder iops(Integer value) {
            args.iops = value;
            return this;
        }

        public Builder throughputMibps(Integer value) {
            args.throughputMibps = value;
            return this;
        }

        public Builder kmsKeyArn(Output<String> value) {
            args.kmsKeyArn = value;
            return this;
        }

        public Builder kmsKeyArn(String value) {
            return kmsKeyArn(value == null ? null : Output.of(value));
        }

        public Builder retainOnDelete(Boolean value) {
            args.retainOnDelete = value;
            return this;
        }

        public Builder protect(Boolean value) {
            args.protect = value;
            return this;
        }

        public Builder finalSnapshot(Boolean value) {
            args.finalSnapshot = value;
            return this;
        }

        public Builder deviceName(String value) {
            args.deviceName = value;
            return this;
        }

        public Builder fileSystem(String value) {
            args.fileSystem = value;
            return this;
        }

        public BatchDataVolumeArgs build() {
            BatchDataVolumeArgs out = new BatchDataVolumeArgs();
            out.sizeGib = args.sizeGib;
            out.iops = args.iops;
            out.throughputMibps = args.throughputMibps;
            out.kmsKeyArn = args.kmsKeyArn;
            out.retainOnDelete = args.retainOnDelete;
            out.protect = args.protect;
            out.finalSnapshot = args.finalSnapshot;
            out.deviceName = args.deviceName;
            out.fileSystem = args.fileSystem;
            return out;
        }
    }
}
