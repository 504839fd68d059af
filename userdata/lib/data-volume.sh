# shellcheck shell=bash
# Data volume preparation for the batch worker: find the EBS volume, give it a filesystem only if it
# has none, mount it by UUID. Every step is safe to repeat: the boot script runs on every start of
# the instance (the idle worker stops it, the workflow starts it again).
#
# Overridable for tests: DEV_DIR (where the by-id symlinks live), FSTAB (the fstab file to manage).

# The serial an NVMe EBS device reports: the volume id without its dash (vol-0abc -> vol0abc).
ebs_nvme_serial() {
    printf '%s\n' "${1/-/}"
}

# Prints the block device of an EBS volume, found by its volume id, or fails. On Nitro instances the
# device name requested at attach time is not the one the kernel uses (it is /dev/nvmeXn1), and the
# order of nvme devices is not stable across boots; the volume id is.
ebs_device_for_volume() {
    local volume_id="$1" dev_dir="${DEV_DIR:-/dev}" serial link name dev_serial
    serial="$(ebs_nvme_serial "$volume_id")"
    # udev on Amazon Linux names each EBS NVMe device by its serial.
    link="$dev_dir/disk/by-id/nvme-Amazon_Elastic_Block_Store_${serial}"
    if [[ -e "$link" ]]; then
        readlink -f "$link"
        return 0
    fi
    # Without the udev rule (or before it has run), ask the kernel for each disk's serial.
    while read -r name dev_serial; do
        if [[ "$dev_serial" == "$serial" || "$dev_serial" == "$volume_id" ]]; then
            printf '/dev/%s\n' "$name"
            return 0
        fi
    done < <(lsblk -dn -o NAME,SERIAL 2>/dev/null)
    return 1
}

# Prints the block device for a requested device name (/dev/sdf): Amazon Linux's udev rules link
# it to the NVMe device on Nitro; Xen instances expose it as /dev/xvdf.
ebs_device_for_name() {
    local device_name="$1" dev_dir="${DEV_DIR:-/dev}" base
    base="${device_name##*/}"
    local candidate
    for candidate in "$dev_dir/$base" "$dev_dir/xvd${base#sd}"; do
        if [[ -b "$candidate" || -L "$candidate" ]]; then
            readlink -f "$candidate"
            return 0
        fi
    done
    return 1
}

# Waits until the data volume is attached and prints its device. The instance boots before the
# VolumeAttachment exists on first launch, so the volume can appear seconds or minutes later.
# Args: volume id (may be empty: then the device name is used), device name, timeout seconds.
wait_for_data_device() {
    local volume_id="$1" device_name="$2" timeout="${3:-300}" waited=0 dev
    while true; do
        if [[ -n "$volume_id" ]]; then
            dev="$(ebs_device_for_volume "$volume_id")" && [[ -b "$dev" ]] && { printf '%s\n' "$dev"; return 0; }
        else
            dev="$(ebs_device_for_name "$device_name")" && [[ -b "$dev" ]] && { printf '%s\n' "$dev"; return 0; }
        fi
        if (( waited >= timeout )); then
            echo "data volume ${volume_id:-$device_name} not attached after ${timeout}s" >&2
            return 1
        fi
        sleep 2
        waited=$(( waited + 2 ))
    done
}

# Creates a filesystem only when the device carries no signature at all. A device with a partition
# table or an unknown signature is refused rather than formatted: it holds someone's data.
ensure_filesystem() {
    local dev="$1" fstype="$2" probe rc
    probe="$(blkid -p -o export "$dev" 2>/dev/null)" && rc=0 || rc=$?
    if (( rc == 2 )); then
        # blkid -p exits 2 when it finds no signature: a blank volume (first boot, or a fresh volume).
        echo "formatting blank data volume $dev as $fstype" >&2
        "mkfs.$fstype" -q "$dev" >&2
        return 0
    fi
    if (( rc != 0 )); then
        echo "cannot probe $dev (blkid exit $rc); refusing to touch it" >&2
        return 1
    fi
    if grep -q '^TYPE=' <<<"$probe"; then
        return 0
    fi
    echo "$dev has a partition table or an unknown signature and no filesystem; refusing to format it" >&2
    return 1
}

# Prints one property (UUID, TYPE) of the filesystem on a device.
filesystem_property() {
    local value
    value="$(blkid -p -o value -s "$2" "$1")"
    [[ -n "$value" ]] || { echo "no filesystem $2 on $1" >&2; return 1; }
    printf '%s\n' "$value"
}

# Makes the fstab hold exactly one line for the mount point, by UUID, with nofail so a missing volume
# never blocks the boot (the instance still comes up and is reachable through Session Manager).
ensure_fstab_entry() {
    local uuid="$1" mount_point="$2" fstype="$3" fstab="${FSTAB:-/etc/fstab}" line tmp
    line="UUID=$uuid $mount_point $fstype defaults,nofail,noatime,x-systemd.device-timeout=30s 0 2"
    touch "$fstab"
    if grep -qxF "$line" "$fstab" && [[ "$(awk -v m="$mount_point" '$2 == m' "$fstab" | wc -l)" -eq 1 ]]; then
        return 0
    fi
    tmp="$(mktemp "${fstab}.XXXXXX")"
    awk -v m="$mount_point" '$2 != m' "$fstab" >"$tmp"
    printf '%s\n' "$line" >>"$tmp"
    chmod 0644 "$tmp"
    mv -f "$tmp" "$fstab"
}

# Mounts the mount point from the fstab unless it is already mounted, then grows the filesystem to
# the volume's size (a no-op unless the volume was resized in place).
ensure_mounted() {
    local mount_point="$1" fstype="$2" fstab="${FSTAB:-/etc/fstab}"
    mkdir -p "$mount_point"
    if ! mountpoint -q "$mount_point"; then
        mount --fstab "$fstab" "$mount_point"
    fi
    case "$fstype" in
        xfs) xfs_growfs -d "$mount_point" >/dev/null ;;
        ext4) resize2fs "$(findmnt -n -o SOURCE "$mount_point")" >/dev/null 2>&1 ;;
    esac
}

# The whole sequence. Args: volume id (may be empty), device name, mount point, fstype for a blank
# volume, timeout. A volume that already has a filesystem is mounted as the type it has.
prepare_data_volume() {
    local volume_id="$1" device_name="$2" mount_point="$3" fstype="$4" timeout="${5:-300}" dev uuid actual
    dev="$(wait_for_data_device "$volume_id" "$device_name" "$timeout")" || return 1
    ensure_filesystem "$dev" "$fstype" || return 1
    uuid="$(filesystem_property "$dev" UUID)" || return 1
    actual="$(filesystem_property "$dev" TYPE)" || return 1
    ensure_fstab_entry "$uuid" "$mount_point" "$actual"
    ensure_mounted "$mount_point" "$actual"
}
