#!/usr/bin/env bats
# shellcheck disable=SC1091,SC2030,SC2031,SC2034,SC2317  # bats sources the scripts and runs stubs indirectly
# The boot script's steps other than the disk (that is data-volume.bats), run against a scratch root.
# AWS calls are replaced by shell functions: `aws s3 cp` copies a local jar.

bats_load_library bats-support
bats_load_library bats-assert

setup() {
    SCRATCH="$(mktemp -d "${BATS_TMPDIR:-/tmp}/worker-boot.XXXXXX")"
    export ROOT="$SCRATCH/root"
    source "$BATS_TEST_DIRNAME/../worker-boot.sh"
    # The settings BatchComputeNode renders into the template.
    ACTIVITY_ARN=arn:aws:states:us-east-1:123456789012:activity:node-tasks
    REGION=us-east-1
    DB_HOST=db.example.internal
    DB_PORT=5432
    DB_NAME=ingest
    DB_SECRET_ARN='arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1'
    DB_SSL_MODE=verify-full
    WORKER_CONCURRENCY=2
    IDLE_SHUTDOWN_SECONDS=900
    HEARTBEAT_INTERVAL_SECONDS=20
    WORK_DIR=/data/work
    MOUNT_POINT=/data
    WORKER_MAIN_CLASS=com.ingestpipeline.functions.worker.WorkerMain
    WORKER_JAVA_OPTIONS='-XX:MaxRAMPercentage=70'
    ARTIFACT_BUCKET=artifacts-bucket
    ARTIFACT_POINTER_KEY=artifacts/batch-worker/current
    printf 'worker jar v1' >"$SCRATCH/v1.jar"
    ARTIFACT_SHA256="$(sha256sum "$SCRATCH/v1.jar" | cut -d' ' -f1)"
    ARTIFACT_KEY="artifacts/batch-worker/$ARTIFACT_SHA256.jar"
    DOWNLOADS="$SCRATCH/downloads"
    : >"$DOWNLOADS"
    JAR_SOURCE="$SCRATCH/v1.jar"
    SQL_SOURCE=/dev/null
    # Stands in for `aws s3 cp ... s3://bucket/key target`: the pointer object (target "-") answers the
    # current ARTIFACT_KEY and ARTIFACT_SHA256 (or POINTER when a test sets it); a download records its
    # source and copies SQL_SOURCE for a .sql key, JAR_SOURCE for any other.
    POINTER=""
    aws() {
        local args=("$@")
        if [[ "${args[-1]}" == "-" ]]; then
            [[ "${args[-2]}" == "s3://artifacts-bucket/artifacts/batch-worker/current" ]] || return 1
            printf '%s\n' "${POINTER:-$ARTIFACT_KEY $ARTIFACT_SHA256}"
            return 0
        fi
        echo "${args[-2]}" >>"$DOWNLOADS"
        if [[ "${args[-2]}" == *.sql ]]; then cp "$SQL_SOURCE" "${args[-1]}"; else cp "$JAR_SOURCE" "${args[-1]}"; fi
    }
    imds_get() { [[ "$1" == instance-id ]] && echo i-0abc; }
}

teardown() {
    rm -rf "$SCRATCH"
}

@test "the environment file holds exactly the variables the worker reads" {
    write_worker_env
    run cat "$ROOT/etc/ingest-worker/worker.env"
    assert_output "DB_HOST=db.example.internal
DB_PORT=5432
DB_NAME=ingest
DB_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1
DB_SSL_MODE=verify-full
AWS_REGION=us-east-1
ACTIVITY_ARN=arn:aws:states:us-east-1:123456789012:activity:node-tasks
WORK_DIR=/data/work
WORKER_CONCURRENCY=2
IDLE_SHUTDOWN_SECONDS=900
HEARTBEAT_INTERVAL_SECONDS=20
WORKER_NAME=i-0abc"
    run stat -c %a "$ROOT/etc/ingest-worker/worker.env"
    assert_output 640
}

@test "without the instance id from IMDS no environment file is written" {
    imds_get() { return 22; }
    run write_worker_env
    assert_failure
    assert_output --partial "cannot read the instance id"
    [[ ! -e "$ROOT/etc/ingest-worker/worker.env" ]]
}

@test "a shipped SQL job named by the pointer is fetched beside the jar, checked, and named in the environment file" {
    printf 'SELECT * FROM input\n' >"$SCRATCH/job.sql"
    SQL_SOURCE="$SCRATCH/job.sql"
    local sql_sha
    sql_sha="$(sha256sum "$SCRATCH/job.sql" | cut -d' ' -f1)"
    POINTER="$ARTIFACT_KEY $ARTIFACT_SHA256"$'\n'"artifacts/batch-worker/$sql_sha.sql $sql_sha"
    fetch_worker_jar
    run fetch_sql_job
    assert_success
    run cat "$ROOT/opt/ingest-worker/job.sql"
    assert_output "SELECT * FROM input"
    fetch_sql_job
    run grep -c "s3://artifacts-bucket/artifacts/batch-worker/$sql_sha.sql" "$DOWNLOADS"
    assert_output 1
    write_worker_env
    run tail -n 1 "$ROOT/etc/ingest-worker/worker.env"
    assert_output "SQL_JOB_FILE=/opt/ingest-worker/job.sql"
}

@test "a SQL job key of the user's, named by the pointer without a hash, is fetched on every boot" {
    printf 'SELECT 1\n' >"$SCRATCH/mine.sql"
    SQL_SOURCE="$SCRATCH/mine.sql"
    POINTER="$ARTIFACT_KEY $ARTIFACT_SHA256"$'\n'"jobs/mine.sql -"
    fetch_worker_jar
    [[ "$SQL_JOB_KEY" == jobs/mine.sql && -z "$SQL_JOB_SHA256" ]]
    fetch_sql_job
    fetch_sql_job
    run grep -c "s3://artifacts-bucket/jobs/mine.sql" "$DOWNLOADS"
    assert_output 2
    run cat "$ROOT/opt/ingest-worker/job.sql"
    assert_output "SELECT 1"
}

@test "a SQL job that does not match its hash is refused; a pointer without a job removes the old file" {
    printf 'tampered' >"$SCRATCH/tampered.sql"
    SQL_SOURCE="$SCRATCH/tampered.sql"
    local sql_sha
    sql_sha="$(printf 'original' | sha256sum | cut -d' ' -f1)"
    POINTER="$ARTIFACT_KEY $ARTIFACT_SHA256"$'\n'"artifacts/batch-worker/$sql_sha.sql $sql_sha"
    fetch_worker_jar
    run fetch_sql_job
    assert_failure
    assert_output --partial "does not match sha256 $sql_sha"
    [[ ! -e "$ROOT/opt/ingest-worker/job.sql" ]]
    printf 'old' >"$ROOT/opt/ingest-worker/job.sql"
    POINTER=""
    fetch_worker_jar
    run fetch_sql_job
    assert_success
    [[ ! -e "$ROOT/opt/ingest-worker/job.sql" ]]
}

@test "a pointer whose SQL line names a key outside the jar's folder, or no hash format, is refused before any download" {
    local sql_sha
    sql_sha="$(printf 'x' | sha256sum | cut -d' ' -f1)"
    for line in "artifacts/other/$sql_sha.sql $sql_sha" "artifacts/batch-worker/$sql_sha.sql 1234"; do
        POINTER="$ARTIFACT_KEY $ARTIFACT_SHA256"$'\n'"$line"
        run fetch_worker_jar
        assert_failure
        assert_output --partial "jar pointer s3://artifacts-bucket/artifacts/batch-worker/current is malformed"
    done
    run grep -c . "$DOWNLOADS"
    assert_output 0
}

@test "the jar is fetched by its content-addressed key, checked and linked" {
    run fetch_worker_jar
    assert_success
    run cat "$DOWNLOADS"
    assert_output "s3://artifacts-bucket/artifacts/batch-worker/$ARTIFACT_SHA256.jar"
    run readlink "$ROOT/opt/ingest-worker/batch-worker.jar"
    assert_output "$ROOT/opt/ingest-worker/batch-worker-$ARTIFACT_SHA256.jar"
    run cat "$ROOT/opt/ingest-worker/batch-worker.jar"
    assert_output "worker jar v1"
}

@test "a reboot with the same jar key downloads nothing" {
    fetch_worker_jar
    fetch_worker_jar
    run grep -c . "$DOWNLOADS"
    assert_output 1
}

@test "a new jar key replaces the old jar and removes it" {
    fetch_worker_jar
    local old_sha="$ARTIFACT_SHA256"
    printf 'worker jar v2' >"$SCRATCH/v2.jar"
    ARTIFACT_SHA256="$(sha256sum "$SCRATCH/v2.jar" | cut -d' ' -f1)"
    ARTIFACT_KEY="artifacts/batch-worker/$ARTIFACT_SHA256.jar"
    JAR_SOURCE="$SCRATCH/v2.jar"
    run fetch_worker_jar
    assert_success
    run cat "$ROOT/opt/ingest-worker/batch-worker.jar"
    assert_output "worker jar v2"
    [[ ! -e "$ROOT/opt/ingest-worker/batch-worker-$old_sha.jar" ]]
}

@test "the jar named by the pointer object is the one fetched, whatever the variables said before" {
    printf 'worker jar v2' >"$SCRATCH/v2.jar"
    local v2_sha
    v2_sha="$(sha256sum "$SCRATCH/v2.jar" | cut -d' ' -f1)"
    POINTER="artifacts/batch-worker/$v2_sha.jar $v2_sha"
    JAR_SOURCE="$SCRATCH/v2.jar"
    run fetch_worker_jar
    assert_success
    run cat "$DOWNLOADS"
    assert_output "s3://artifacts-bucket/artifacts/batch-worker/$v2_sha.jar"
    run cat "$ROOT/opt/ingest-worker/batch-worker.jar"
    assert_output "worker jar v2"
}

@test "a malformed pointer is refused before anything is downloaded" {
    POINTER="artifacts/other/evil.jar 1234"
    run fetch_worker_jar
    assert_failure
    assert_output --partial "jar pointer s3://artifacts-bucket/artifacts/batch-worker/current is malformed"
    run grep -c . "$DOWNLOADS"
    assert_output 0
}

@test "a download that does not match the key's hash is refused and not kept" {
    printf 'tampered' >"$SCRATCH/tampered.jar"
    JAR_SOURCE="$SCRATCH/tampered.jar"
    run fetch_worker_jar
    assert_failure
    assert_output --partial "does not match sha256 $ARTIFACT_SHA256"
    run ls "$ROOT/opt/ingest-worker"
    assert_output ""
}

@test "an idle-stopping node grants the worker exactly the power-off command" {
    write_poweroff_grant
    run cat "$ROOT/etc/sudoers.d/ingest-worker"
    assert_output "ingest-worker ALL=(root) NOPASSWD: /usr/bin/systemctl poweroff"
    run stat -c %a "$ROOT/etc/sudoers.d/ingest-worker"
    assert_output 440
    if command -v visudo >/dev/null; then
        run visudo -cqf "$ROOT/etc/sudoers.d/ingest-worker"
        assert_success
    fi
}

@test "an always-on node removes the power-off grant" {
    write_poweroff_grant
    IDLE_SHUTDOWN_SECONDS=0
    write_poweroff_grant
    [[ ! -e "$ROOT/etc/sudoers.d/ingest-worker" ]]
}

@test "the unit runs the worker main class unprivileged, restarts on failure, needs the mount" {
    write_worker_unit
    run cat "$ROOT/etc/systemd/system/ingest-worker.service"
    assert_line "ExecStart=/usr/bin/java -XX:MaxRAMPercentage=70 \"-Dworker.powerOffCommand=sudo -n /usr/bin/systemctl poweroff\" -cp /opt/ingest-worker/batch-worker.jar com.ingestpipeline.functions.worker.WorkerMain"
    assert_line "Restart=on-failure"
    assert_line "User=ingest-worker"
    assert_line "RequiresMountsFor=/data"
    assert_line "EnvironmentFile=/etc/ingest-worker/worker.env"
    refute_line "[Install]"
    if command -v systemd-analyze >/dev/null; then
        run systemd-analyze verify --man=no "$ROOT/etc/systemd/system/ingest-worker.service"
        refute_output --partial "Unknown key"
    fi
}

# The whole boot with every system command stubbed: the order of the steps, and shipping configured
# before the worker starts.
boot_with_stubs() {
    CALLS="$SCRATCH/calls"
    : >"$CALLS"
    WORK_DIR="$ROOT/data/work"
    prepare_data_volume() { echo "prepare_data_volume $*" >>"$CALLS"; }
    id() { return 0; }
    chown() { :; }
    rpm() { return 0; }
    dnf() { echo "dnf $*" >>"$CALLS"; }
    systemctl() { echo "systemctl $*" >>"$CALLS"; }
    cwagent_ctl() { echo "ctl $*" >>"$CALLS"; }
    CWAGENT_CTL=cwagent_ctl
}

@test "a boot with shipping on configures rsyslog and the agent before it starts the worker" {
    boot_with_stubs
    SHIP_LOGS=true
    LOG_GROUP_NAME=/ingest-pipeline/node/worker
    DATA_VOLUME_ID=vol-0123456789abcdef0 DATA_DEVICE_NAME=/dev/sdf DATA_FS_TYPE=xfs VOLUME_WAIT_SECONDS=600
    run main
    assert_success
    run grep -n . "$CALLS"
    assert_output "1:prepare_data_volume vol-0123456789abcdef0 /dev/sdf /data xfs 600
2:systemctl enable rsyslog.service
3:systemctl restart rsyslog.service
4:ctl -a fetch-config -m ec2 -c file:$ROOT/opt/aws/amazon-cloudwatch-agent/etc/ingest-worker.json
5:systemctl enable amazon-cloudwatch-agent.service
6:systemctl restart amazon-cloudwatch-agent.service
7:systemctl daemon-reload
8:systemctl restart ingest-worker.service"
    [[ -f "$ROOT/etc/rsyslog.d/ingest-worker.conf" && -f "$ROOT/etc/ingest-worker/worker.env" ]]
}

@test "a boot with shipping off leaves logs in journald and writes no shipping file" {
    boot_with_stubs
    SHIP_LOGS=false
    LOG_GROUP_NAME=/ingest-pipeline/node/worker
    run main
    assert_success
    refute_line --partial "rsyslog"
    run cat "$CALLS"
    refute_output --partial "rsyslog"
    refute_output --partial "amazon-cloudwatch-agent"
    [[ ! -e "$ROOT/etc/rsyslog.d" && ! -e "$ROOT/opt/aws" ]]
}
