#!/usr/bin/env bats
# shellcheck disable=SC1091,SC2016,SC2030,SC2031,SC2034,SC2317  # bats sources the scripts and runs stubs indirectly; $ in expected rsyslog lines
# Worker log shipping (lib/log-shipping.sh) against a scratch root. Package manager, systemd and the
# CloudWatch agent's ctl are shell functions that record their calls; rsyslog and logrotate run for
# real on the files written when they are installed (apt-get install rsyslog logrotate).

bats_load_library bats-support
bats_load_library bats-assert

GROUP=/ingest-pipeline/node/worker

setup() {
    SCRATCH="$(mktemp -d "${BATS_TMPDIR:-/tmp}/log-shipping.XXXXXX")"
    export ROOT="$SCRATCH/root"
    CALLS="$SCRATCH/calls"
    INSTALLED="$SCRATCH/installed"
    : >"$CALLS"
    : >"$INSTALLED"
    source "$BATS_TEST_DIRNAME/../lib/log-shipping.sh"
    log() { echo "$*" >&2; }
    # ensure_packages as worker-boot.sh defines it, over stubbed rpm and dnf.
    ensure_packages() {
        local missing=() package
        for package in "$@"; do
            rpm -q "$package" >/dev/null 2>&1 || missing+=("$package")
        done
        if (( ${#missing[@]} > 0 )); then
            dnf install -y -q "${missing[@]}"
        fi
    }
    rpm() { grep -qxF "$2" "$INSTALLED"; }
    dnf() { echo "dnf $*" >>"$CALLS"; printf '%s\n' "${@:4}" >>"$INSTALLED"; }
    systemctl() { echo "systemctl $*" >>"$CALLS"; }
    # The real ctl validates the JSON and writes the TOML the agent's service reads.
    cwagent_ctl() { echo "ctl $*" >>"$CALLS"; mkdir -p "$(dirname "$CWAGENT_TOML")"; : >"$CWAGENT_TOML"; }
    CWAGENT_CTL=cwagent_ctl
}

teardown() {
    if [[ -f "$SCRATCH/rsyslogd.pid" ]]; then
        kill "$(cat "$SCRATCH/rsyslogd.pid")" 2>/dev/null || true
    fi
    rm -rf "$SCRATCH"
}

@test "shipping on installs rsyslog, logrotate and the agent, writes their files and starts both daemons" {
    run configure_log_shipping "$GROUP"
    assert_success
    run cat "$CALLS"
    assert_output "dnf install -y -q rsyslog logrotate amazon-cloudwatch-agent
systemctl enable rsyslog.service
systemctl restart rsyslog.service
ctl -a fetch-config -m ec2 -c file:$ROOT/opt/aws/amazon-cloudwatch-agent/etc/ingest-worker.json
systemctl enable amazon-cloudwatch-agent.service
systemctl restart amazon-cloudwatch-agent.service"
    run stat -c %a "$ROOT/var/log/ingest-worker"
    assert_output 750
}

@test "the rsyslog rule sends only the worker unit's message text to the worker log" {
    configure_log_shipping "$GROUP"
    run cat "$ROOT/etc/rsyslog.d/ingest-worker.conf"
    assert_line 'template(name="IngestWorkerLine" type="string" string="%$.line%\n")'
    assert_line 'if $programname == "ingest-worker" then {'
    assert_line '    set $.line = ltrim($msg);'
    assert_line '    action(type="omfile" file="/var/log/ingest-worker/worker.log" template="IngestWorkerLine" fileCreateMode="0640" dirCreateMode="0750")'
    assert_line '    stop'
}

@test "logrotate bounds the worker log and makes rsyslog reopen it" {
    configure_log_shipping "$GROUP"
    run cat "$ROOT/etc/logrotate.d/ingest-worker"
    assert_line --index 0 "/var/log/ingest-worker/worker.log {"
    assert_line "    maxsize 50M"
    assert_line "    rotate 5"
    assert_line "        /usr/bin/systemctl kill -s HUP rsyslog.service >/dev/null 2>&1 || true"
}

@test "the agent ships the worker log to the node's group, one stream per instance" {
    command -v jq >/dev/null || skip "needs jq to read the agent's JSON"
    configure_log_shipping "$GROUP"
    run jq -c '.logs.logs_collected.files.collect_list' "$ROOT/opt/aws/amazon-cloudwatch-agent/etc/ingest-worker.json"
    assert_output '[{"file_path":"/var/log/ingest-worker/worker.log","log_group_name":"/ingest-pipeline/node/worker","log_stream_name":"{instance_id}"}]'
    run jq -r '.agent.run_as_user' "$ROOT/opt/aws/amazon-cloudwatch-agent/etc/ingest-worker.json"
    assert_output root
}

@test "a second boot with the same settings installs nothing and restarts nothing" {
    configure_log_shipping "$GROUP"
    local before
    before="$(cd "$ROOT" && find . -type f -exec sha256sum {} + | sort)"
    : >"$CALLS"
    run configure_log_shipping "$GROUP"
    assert_success
    run cat "$CALLS"
    assert_output "systemctl enable rsyslog.service
systemctl start rsyslog.service
systemctl enable amazon-cloudwatch-agent.service
systemctl start amazon-cloudwatch-agent.service"
    [[ "$(cd "$ROOT" && find . -type f -exec sha256sum {} + | sort)" == "$before" ]]
    run find "$ROOT" -name '*.??????'
    assert_output ""
}

@test "a new log group rewrites the agent config and restarts only the agent" {
    configure_log_shipping "$GROUP"
    : >"$CALLS"
    run configure_log_shipping /ingest-pipeline/other/worker
    assert_success
    run cat "$CALLS"
    assert_line "systemctl start rsyslog.service"
    assert_line --partial "ctl -a fetch-config"
    assert_line "systemctl restart amazon-cloudwatch-agent.service"
    refute_line "systemctl restart rsyslog.service"
    run grep -c '"log_group_name": "/ingest-pipeline/other/worker"' "$ROOT/opt/aws/amazon-cloudwatch-agent/etc/ingest-worker.json"
    assert_output 1
}

@test "a lost agent TOML is translated again even when the JSON did not change" {
    configure_log_shipping "$GROUP"
    rm -f "$CWAGENT_TOML"
    : >"$CALLS"
    configure_log_shipping "$GROUP"
    run cat "$CALLS"
    assert_line --partial "ctl -a fetch-config"
    assert_line "systemctl restart amazon-cloudwatch-agent.service"
}

@test "a log group name that could break the agent's JSON is refused before anything is written" {
    run configure_log_shipping '/a", "x": "y'
    assert_failure
    assert_output --partial "is not a CloudWatch Logs name"
    [[ ! -e "$ROOT" ]]
    run cat "$CALLS"
    assert_output ""
}

@test "shipping off on a node that shipped removes the rules and turns both daemons off" {
    configure_log_shipping "$GROUP"
    : >"$CALLS"
    run remove_log_shipping
    assert_success
    [[ ! -e "$ROOT/etc/rsyslog.d/ingest-worker.conf" ]]
    [[ ! -e "$ROOT/etc/logrotate.d/ingest-worker" ]]
    [[ ! -e "$ROOT/opt/aws/amazon-cloudwatch-agent/etc/ingest-worker.json" ]]
    run cat "$CALLS"
    assert_output "systemctl disable --now amazon-cloudwatch-agent.service rsyslog.service"
}

@test "shipping off on a node that never shipped touches nothing" {
    run remove_log_shipping
    assert_success
    run cat "$CALLS"
    assert_output ""
    [[ ! -e "$ROOT" ]]
}

@test "rsyslog accepts the rule and writes exactly the worker's JSON line, nothing else" {
    command -v rsyslogd >/dev/null && command -v logger >/dev/null \
        || skip "needs rsyslogd and logger (apt-get install rsyslog bsdutils)"
    WORKER_LOG="$SCRATCH/out/worker.log"
    write_rsyslog_rule
    # imuxsock on a private socket stands in for imjournal; the rule is included as on the instance.
    cat >"$SCRATCH/rsyslog.conf" <<EOF
global(workDirectory="$SCRATCH")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$SCRATCH/log.sock" CreatePath="on")
include(file="$RSYSLOG_RULE")
*.* action(type="omfile" file="$SCRATCH/messages")
EOF
    run rsyslogd -N1 -f "$SCRATCH/rsyslog.conf"
    assert_success
    rsyslogd -n -f "$SCRATCH/rsyslog.conf" -i "$SCRATCH/rsyslogd.pid" >/dev/null 2>&1 3>&- &
    local waited=0
    while [[ ! -S "$SCRATCH/log.sock" ]] && (( waited++ < 50 )); do sleep 0.1; done
    logger -u "$SCRATCH/log.sock" -t ingest-worker '{"level":"INFO","message":"task done","fileId":42}'
    logger -u "$SCRATCH/log.sock" -t sudo 'not the worker'
    waited=0
    while ! grep -q 'not the worker' "$SCRATCH/messages" 2>/dev/null && (( waited++ < 50 )); do sleep 0.1; done
    run cat "$WORKER_LOG"
    assert_output '{"level":"INFO","message":"task done","fileId":42}'
    run stat -c %a "$WORKER_LOG"
    assert_output 640
    run grep -c 'task done' "$SCRATCH/messages"
    assert_output 0
}

@test "logrotate accepts the rule and rotates the worker log" {
    command -v logrotate >/dev/null || skip "needs logrotate (apt-get install logrotate)"
    WORKER_LOG="$SCRATCH/out/worker.log"
    mkdir -p "$SCRATCH/out"
    chmod 0750 "$SCRATCH/out"
    echo '{"message":"old"}' >"$WORKER_LOG"
    write_logrotate_rule
    run logrotate -f -s "$SCRATCH/logrotate.state" "$LOGROTATE_RULE"
    assert_success
    run cat "$WORKER_LOG.1"
    assert_output '{"message":"old"}'
}
