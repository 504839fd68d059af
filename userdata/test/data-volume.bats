#!/usr/bin/env bats
# shellcheck disable=SC1091,SC2030,SC2031,SC2034,SC2317  # bats sources the scripts and runs stubs indirectly
# The data-volume logic against a real block device: a loop device stands in for the EBS volume,
# a symlink under a scratch /dev/disk/by-id stands in for the udev link Amazon Linux creates.

bats_load_library bats-support
bats_load_library bats-assert

VOLUME_ID=vol-0123456789abcdef0

setup() {
    source "$BATS_TEST_DIRNAME/../lib/data-volume.sh"
    SCRATCH="$(mktemp -d "${BATS_TMPDIR:-/tmp}/data-volume.XXXXXX")"
    export DEV_DIR="$SCRATCH/dev" FSTAB="$SCRATCH/fstab"
    MOUNT_POINT="$SCRATCH/data"
    mkdir -p "$DEV_DIR/disk/by-id"
    LOOP=""
}

teardown() {
    if [[ -n "${MOUNT_POINT:-}" ]] && mountpoint -q "$MOUNT_POINT" 2>/dev/null; then
        umount "$MOUNT_POINT"
    fi
    if [[ -n "${LOOP:-}" ]]; then
        losetup -d "$LOOP" 2>/dev/null || true
    fi
    rm -rf "$SCRATCH"
}

# A 320 MiB sparse image on a loop device (XFS needs 300 MiB), linked as the volume's by-id name.
attach_loop_volume() {
    if [[ "$(id -u)" != 0 ]] || ! command -v losetup >/dev/null || ! command -v mkfs.xfs >/dev/null; then
        skip "needs root, losetup and mkfs.xfs (xfsprogs) to exercise a real block device"
    fi
    truncate -s 320M "$SCRATCH/volume.img"
    LOOP="$(losetup -f --show "$SCRATCH/volume.img" 2>/dev/null)" || skip "losetup cannot attach a loop device here"
    ln -s "$LOOP" "$DEV_DIR/disk/by-id/nvme-Amazon_Elastic_Block_Store_${VOLUME_ID/-/}"
}

@test "the NVMe serial of a volume is its id without the dash" {
    run ebs_nvme_serial vol-0123456789abcdef0
    assert_success
    assert_output vol0123456789abcdef0
}

@test "the device is found by volume id through the udev by-id link" {
    attach_loop_volume
    run ebs_device_for_volume "$VOLUME_ID"
    assert_success
    assert_output "$LOOP"
}

@test "without the udev link the device is found by the serial the kernel reports" {
    lsblk() { printf 'nvme0n1 vol0aaaaaaaaaaaaaaaa\nnvme1n1 vol0123456789abcdef0\n'; }
    run ebs_device_for_volume "$VOLUME_ID"
    assert_success
    assert_output /dev/nvme1n1
}

@test "a volume that never attaches fails with a message naming it" {
    lsblk() { :; }
    run wait_for_data_device vol-0ffffffffffffffff /dev/sdf 0
    assert_failure
    assert_output --partial "data volume vol-0ffffffffffffffff not attached after 0s"
}

@test "a volume that attaches after boot is waited for" {
    attach_loop_volume
    local link="$DEV_DIR/disk/by-id/nvme-Amazon_Elastic_Block_Store_${VOLUME_ID/-/}"
    rm "$link"
    (sleep 3; ln -s "$LOOP" "$link") &
    run wait_for_data_device "$VOLUME_ID" /dev/sdf 30
    assert_success
    assert_output "$LOOP"
}

@test "first boot formats the blank volume and mounts it by UUID with nofail" {
    attach_loop_volume
    run prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    assert_success
    assert_output --partial "formatting blank data volume $LOOP as xfs"
    run mountpoint -q "$MOUNT_POINT"
    assert_success
    local uuid
    uuid="$(blkid -p -o value -s UUID "$LOOP")"
    run cat "$FSTAB"
    assert_output "UUID=$uuid $MOUNT_POINT xfs defaults,nofail,noatime,x-systemd.device-timeout=30s 0 2"
    run findmnt -n -o FSTYPE "$MOUNT_POINT"
    assert_output xfs
}

@test "the second boot keeps the data: no reformat, same UUID, one fstab line" {
    attach_loop_volume
    prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    echo "results of yesterday" >"$MOUNT_POINT/kept.txt"
    local uuid_before
    uuid_before="$(blkid -p -o value -s UUID "$LOOP")"
    umount "$MOUNT_POINT"

    run prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    assert_success
    refute_output --partial "formatting"
    run cat "$MOUNT_POINT/kept.txt"
    assert_output "results of yesterday"
    run blkid -p -o value -s UUID "$LOOP"
    assert_output "$uuid_before"
    run grep -c " $MOUNT_POINT " "$FSTAB"
    assert_output 1
}

@test "running again while mounted changes nothing" {
    attach_loop_volume
    prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    local fstab_before
    fstab_before="$(cat "$FSTAB")"
    run prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    assert_success
    assert_equal "$(cat "$FSTAB")" "$fstab_before"
    run findmnt -n -o SOURCE "$MOUNT_POINT"
    assert_output "$LOOP"
}

@test "other fstab lines survive and a stale line for the mount point is replaced" {
    attach_loop_volume
    printf 'UUID=1111 / xfs defaults 0 1\nUUID=stale %s xfs defaults 0 2\n' "$MOUNT_POINT" >"$FSTAB"
    run prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    assert_success
    run grep -c . "$FSTAB"
    assert_output 2
    run grep -c 'UUID=1111 / xfs defaults 0 1' "$FSTAB"
    assert_output 1
    run grep -c 'UUID=stale' "$FSTAB"
    assert_output 0
}

@test "a volume with an existing ext4 filesystem is mounted as ext4, not reformatted" {
    attach_loop_volume
    mkfs.ext4 -q "$LOOP"
    mkdir -p "$SCRATCH/m" && mount "$LOOP" "$SCRATCH/m" && echo carried >"$SCRATCH/m/old.txt" && umount "$SCRATCH/m"
    run prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    assert_success
    refute_output --partial "formatting"
    run cat "$MOUNT_POINT/old.txt"
    assert_output carried
    run findmnt -n -o FSTYPE "$MOUNT_POINT"
    assert_output ext4
}

@test "a partitioned volume without a filesystem is refused, never formatted" {
    attach_loop_volume
    # An MBR with one Linux partition entry, written by hand (sfdisk is not always installed).
    printf '\x00\x00\x02\x00\x83\x00\x00\x00\x00\x08\x00\x00\x00\x08\x00\x00' \
        | dd of="$LOOP" bs=1 seek=446 conv=notrunc status=none
    printf '\x55\xaa' | dd of="$LOOP" bs=1 seek=510 conv=notrunc status=none
    run blkid -p -o value -s PTTYPE "$LOOP"
    assert_output dos
    run prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    assert_failure
    assert_output --partial "has a partition table or an unknown signature and no filesystem; refusing to format it"
    run blkid -p -o value -s TYPE "$LOOP"
    assert_output ""
    run mountpoint -q "$MOUNT_POINT"
    assert_failure
}

@test "a volume grown in place is grown on the next boot, data kept" {
    attach_loop_volume
    prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    echo kept >"$MOUNT_POINT/kept.txt"
    local size_before
    size_before="$(df --output=size -k "$MOUNT_POINT" | tail -1)"
    umount "$MOUNT_POINT"
    truncate -s 640M "$SCRATCH/volume.img"
    losetup -c "$LOOP"

    run prepare_data_volume "$VOLUME_ID" /dev/sdf "$MOUNT_POINT" xfs 10
    assert_success
    local size_after
    size_after="$(df --output=size -k "$MOUNT_POINT" | tail -1)"
    (( size_after > size_before + 200000 ))
    run cat "$MOUNT_POINT/kept.txt"
    assert_output kept
}
