#!/bin/bash
# Boot script of a BatchComputeNode worker instance (Amazon Linux 2023). BatchComputeNode renders it
# into the instance's user data: the placeholder values below are replaced by the node's settings
# (never secrets: database credentials stay in Secrets Manager), and each inline-marked source line by
# the library it names. Cloud-init runs it on every boot (the user data sets scripts-user to
# "always"), so each step checks before it acts: a reboot or a stop/start re-runs it harmlessly and
# picks up a new worker jar or settings.

ACTIVITY_ARN='@ACTIVITY_ARN@'
REGION='@REGION@'
DB_HOST='@DB_HOST@'
DB_PORT='@DB_PORT@'
DB_NAME='@DB_NAME@'
DB_SECRET_ARN='@DB_SECRET_ARN@'
DB_SSL_MODE='@DB_SSL_MODE@'
WORKER_CONCURRENCY='@WORKER_CONCURRENCY@'
IDLE_SHUTDOWN_SECONDS='@IDLE_SHUTDOWN_SECONDS@'
HEARTBEAT_INTERVAL_SECONDS='@HEARTBEAT_INTERVAL_SECONDS@'
DATA_VOLUME_ID='@DATA_VOLUME_ID@'
DATA_DEVICE_NAME='@DATA_DEVICE_NAME@'
DATA_FS_TYPE='@DATA_FS_TYPE@'
MOUNT_POINT='@MOUNT_POINT@'
WORK_DIR='@WORK_DIR@'
ARTIFACT_BUCKET='@ARTIFACT_BUCKET@'
ARTIFACT_POINTER_KEY='@ARTIFACT_POINTER_KEY@'
JAVA_PACKAGE='@JAVA_PACKAGE@'
WORKER_MAIN_CLASS='@WORKER_MAIN_CLASS@'
WORKER_JAVA_OPTIONS='@WORKER_JAVA_OPTIONS@'
VOLUME_WAIT_SECONDS='@VOLUME_WAIT_SECONDS@'
SHIP_LOGS='@SHIP_LOGS@'
LOG_GROUP_NAME='@LOG_GROUP_NAME@'

# Overridable for tests: ROOT prefixes every path this script writes.
ROOT="${ROOT:-}"
WORKER_USER=ingest-worker
APP_DIR="$ROOT/opt/ingest-worker"
CONF_DIR="$ROOT/etc/ingest-worker"
UNIT_FILE="$ROOT/etc/systemd/system/ingest-worker.service"
SUDOERS_FILE="$ROOT/etc/sudoers.d/ingest-worker"
POWEROFF_COMMAND='sudo -n /usr/bin/systemctl poweroff'
# Where the worker reads the stack's SQL job (SQL_JOB_FILE); the same path under ROOT in tests.
SQL_JOB_FILE=/opt/ingest-worker/job.sql
# The SQL job's key and sha256, set by read_jar_pointer from the pointer's second line; none until then.
SQL_JOB_KEY=''
SQL_JOB_SHA256=''

# shellcheck source=lib/data-volume.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/data-volume.sh" # @inline
# shellcheck source=lib/log-shipping.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/log-shipping.sh" # @inline

log() {
    printf '%s ingest-worker-boot: %s\n' "$(date -u +%FT%TZ)" "$*" >&2
}

# IMDSv2 only (the instance requires tokens, hop limit 1): one token per call keeps it simple.
imds_get() {
    local token
    token="$(curl -sf --retry 3 --retry-connrefused -X PUT http://169.254.169.254/latest/api/token \
        -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')"
    curl -sf --retry 3 --retry-connrefused -H "X-aws-ec2-metadata-token: $token" \
        "http://169.254.169.254/latest/meta-data/$1"
}

ensure_worker_user() {
    if ! id -u "$WORKER_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /sbin/nologin "$WORKER_USER"
    fi
}

# Packages come from the Amazon Linux repositories, which live in S3 and are reached through the
# VPC's S3 gateway endpoint (no internet route needed). Installed ones are not touched again.
ensure_packages() {
    local missing=() package
    for package in "$@"; do
        rpm -q "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    if (( ${#missing[@]} > 0 )); then
        log "installing ${missing[*]}"
        dnf install -y -q "${missing[@]}"
    fi
}

# The jar to run is named by a pointer object next to it ("<key> <sha256>"), not by the user data: the
# provider stops and starts an instance whose user data changes (terraform-provider-aws#27163), so a
# deploy of a new jar only rewrites the pointer and each worker takes the jar at its next boot. A second
# line names the SQL job the same way: "<key> <sha256>" for a file shipped with the stack (beside the
# jar, content-addressed), "<key> -" for a key of the user's in the bucket (no hash to check).
read_jar_pointer() {
    local pointer
    if ! pointer="$(aws s3 cp --only-show-errors --region "$REGION" "s3://$ARTIFACT_BUCKET/$ARTIFACT_POINTER_KEY" -)"; then
        log "cannot read the jar pointer s3://$ARTIFACT_BUCKET/$ARTIFACT_POINTER_KEY"
        return 1
    fi
    { read -r ARTIFACT_KEY ARTIFACT_SHA256; read -r SQL_JOB_KEY SQL_JOB_SHA256 || true; } <<<"$pointer"
    if [[ ! "$ARTIFACT_SHA256" =~ ^[0-9a-f]{64}$ || "$ARTIFACT_KEY" != "${ARTIFACT_POINTER_KEY%/*}/$ARTIFACT_SHA256.jar" ]] \
        || { [[ -n "$SQL_JOB_KEY" && "$SQL_JOB_SHA256" != "-" ]] \
            && [[ ! "$SQL_JOB_SHA256" =~ ^[0-9a-f]{64}$ || "$SQL_JOB_KEY" != "${ARTIFACT_POINTER_KEY%/*}/$SQL_JOB_SHA256.sql" ]]; }; then
        log "the jar pointer s3://$ARTIFACT_BUCKET/$ARTIFACT_POINTER_KEY is malformed: '$pointer'"
        return 1
    fi
    [[ "$SQL_JOB_SHA256" != "-" ]] || SQL_JOB_SHA256=""
}

# The jar's key carries its sha256, so an unchanged key means the local copy is already right; the
# hash is still checked so a truncated download never runs.
fetch_worker_jar() {
    read_jar_pointer || return 1
    local target="$APP_DIR/batch-worker-$ARTIFACT_SHA256.jar"
    if [[ ! -f "$target" ]] || ! sha256sum_matches "$target" "$ARTIFACT_SHA256"; then
        download_artifact "$ARTIFACT_KEY" "$ARTIFACT_SHA256" "$target" || return 1
    fi
    ln -sfn "$target" "$APP_DIR/batch-worker.jar"
    # Older jars are useless once the link moved; keep the root volume from filling up over releases.
    find "$APP_DIR" -maxdepth 1 -name 'batch-worker-*.jar' ! -name "batch-worker-$ARTIFACT_SHA256.jar" -delete
}

# The stack's SQL job, when the pointer names one (read_jar_pointer sets SQL_JOB_KEY and SQL_JOB_SHA256).
# A file shipped with the stack has a content-addressed key and is checked like the jar; a key the user
# manages in the artifacts bucket has no hash and is fetched on every boot, so a reboot picks up a new
# version. Without a job the old file goes, so it cannot linger.
fetch_sql_job() {
    local target="$ROOT$SQL_JOB_FILE"
    if [[ -z "$SQL_JOB_KEY" ]]; then
        rm -f "$target"
    elif [[ -z "$SQL_JOB_SHA256" || ! -f "$target" ]] || ! sha256sum_matches "$target" "$SQL_JOB_SHA256"; then
        download_artifact "$SQL_JOB_KEY" "$SQL_JOB_SHA256" "$target"
    fi
}

# s3://ARTIFACT_BUCKET/<key> to <target> through a temporary file, so a failed or truncated download never
# replaces a good copy; refused unless its sha256 is <sha256> (empty: not checked).
download_artifact() {
    local key="$1" sha="$2" target="$3" tmp
    mkdir -p "$APP_DIR"
    log "fetching s3://$ARTIFACT_BUCKET/$key"
    tmp="$(mktemp "$APP_DIR/download.XXXXXX")"
    if ! aws s3 cp --only-show-errors --region "$REGION" "s3://$ARTIFACT_BUCKET/$key" "$tmp" \
        || { [[ -n "$sha" ]] && ! sha256sum_matches "$tmp" "$sha"; }; then
        rm -f "$tmp"
        log "cannot fetch s3://$ARTIFACT_BUCKET/$key, or it does not match sha256 $sha"
        return 1
    fi
    chmod 0644 "$tmp"
    mv -f "$tmp" "$target"
}

sha256sum_matches() {
    [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$2" ]]
}

# The variables the worker reads (docs/design.md), written atomically and readable only by root and
# the worker's group. WORKER_NAME is the instance id; without it the file is not written at all.
write_worker_env() {
    local worker_name tmp
    if ! worker_name="$(imds_get instance-id)" || [[ -z "$worker_name" ]]; then
        log "cannot read the instance id from the instance metadata service"
        return 1
    fi
    mkdir -p "$CONF_DIR"
    tmp="$(mktemp "$CONF_DIR/worker.env.XXXXXX")"
    {
        printf 'DB_HOST=%s\n' "$DB_HOST"
        printf 'DB_PORT=%s\n' "$DB_PORT"
        printf 'DB_NAME=%s\n' "$DB_NAME"
        printf 'DB_SECRET_ARN=%s\n' "$DB_SECRET_ARN"
        printf 'DB_SSL_MODE=%s\n' "$DB_SSL_MODE"
        printf 'AWS_REGION=%s\n' "$REGION"
        printf 'ACTIVITY_ARN=%s\n' "$ACTIVITY_ARN"
        printf 'WORK_DIR=%s\n' "$WORK_DIR"
        printf 'WORKER_CONCURRENCY=%s\n' "$WORKER_CONCURRENCY"
        printf 'IDLE_SHUTDOWN_SECONDS=%s\n' "$IDLE_SHUTDOWN_SECONDS"
        printf 'HEARTBEAT_INTERVAL_SECONDS=%s\n' "$HEARTBEAT_INTERVAL_SECONDS"
        printf 'WORKER_NAME=%s\n' "$worker_name"
        if [[ -n "$SQL_JOB_KEY" ]]; then
            printf 'SQL_JOB_FILE=%s\n' "$SQL_JOB_FILE"
        fi
    } >"$tmp"
    chmod 0640 "$tmp"
    if [[ -z "$ROOT" ]]; then
        chgrp "$WORKER_USER" "$tmp"
    fi
    mv -f "$tmp" "$CONF_DIR/worker.env"
}

# The worker runs unprivileged; the only root action it needs is the idle power-off, granted as that
# one exact command. Always-on nodes (IDLE_SHUTDOWN_SECONDS=0) get no such right at all.
write_poweroff_grant() {
    if [[ "$IDLE_SHUTDOWN_SECONDS" == "0" ]]; then
        rm -f "$SUDOERS_FILE"
        return 0
    fi
    local tmp
    mkdir -p "$(dirname "$SUDOERS_FILE")"
    tmp="$(mktemp "$SUDOERS_FILE.XXXXXX")"
    printf '%s ALL=(root) NOPASSWD: /usr/bin/systemctl poweroff\n' "$WORKER_USER" >"$tmp"
    chmod 0440 "$tmp"
    if [[ -z "$ROOT" ]]; then
        visudo -cqf "$tmp"
    fi
    mv -f "$tmp" "$SUDOERS_FILE"
}

# No [Install] section on purpose: this script starts the worker after the volume is mounted and the
# jar is in place, so a boot never runs a stale jar against a missing volume.
write_worker_unit() {
    mkdir -p "$(dirname "$UNIT_FILE")"
    cat >"$UNIT_FILE" <<EOF
[Unit]
Description=ingest-pipeline batch worker (Step Functions activity poller)
Wants=network-online.target
After=network-online.target
RequiresMountsFor=$MOUNT_POINT

[Service]
Type=simple
User=$WORKER_USER
Group=$WORKER_USER
EnvironmentFile=/etc/ingest-worker/worker.env
# The worker runs its power-off command (system property worker.powerOffCommand) after the idle time.
ExecStart=/usr/bin/java $WORKER_JAVA_OPTIONS "-Dworker.powerOffCommand=$POWEROFF_COMMAND" -cp /opt/ingest-worker/batch-worker.jar $WORKER_MAIN_CLASS
Restart=on-failure
RestartSec=5
# The worker finishes or fails its running task on SIGTERM within this bound.
TimeoutStopSec=120
ProtectSystem=full
ProtectHome=true
PrivateTmp=true
SyslogIdentifier=ingest-worker
EOF
    chmod 0644 "$UNIT_FILE"
}

main() {
    set -euo pipefail
    log "starting"
    ensure_worker_user
    prepare_data_volume "$DATA_VOLUME_ID" "$DATA_DEVICE_NAME" "$MOUNT_POINT" "$DATA_FS_TYPE" "$VOLUME_WAIT_SECONDS"
    mkdir -p "$WORK_DIR"
    chown "$WORKER_USER:$WORKER_USER" "$WORK_DIR"
    chmod 0750 "$WORK_DIR"
    ensure_packages "$JAVA_PACKAGE"
    fetch_worker_jar
    fetch_sql_job
    write_worker_env
    # Before the worker starts, so its first line is already shipped.
    if [[ "$SHIP_LOGS" == "true" ]]; then
        configure_log_shipping "$LOG_GROUP_NAME"
    else
        remove_log_shipping
    fi
    write_poweroff_grant
    write_worker_unit
    systemctl daemon-reload
    systemctl restart ingest-worker.service
    log "worker started"
}

# Sourced by the bats tests (to run single steps); executed by cloud-init.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
