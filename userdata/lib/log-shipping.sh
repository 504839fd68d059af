# shellcheck shell=bash
# Worker log shipping. The worker prints JSON lines to stdout, which journald keeps; the CloudWatch
# agent reads files, not the journal, so rsyslog copies the worker unit's lines (and nothing else) to
# one file, logrotate bounds it, and the agent ships it to the node's log group, one stream per
# instance. Safe to repeat on every boot: a file is rewritten only when its content changes, and only
# a change restarts a daemon.
#
# Needs from the caller: ensure_packages, log. Overridable for tests: ROOT (prefix of every path
# written), WORKER_LOG (the file's path as the daemons see it), CWAGENT_CTL.

WORKER_LOG="${WORKER_LOG:-/var/log/ingest-worker/worker.log}"
CWAGENT_CTL="${CWAGENT_CTL:-/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl}"
RSYSLOG_RULE="${ROOT:-}/etc/rsyslog.d/ingest-worker.conf"
LOGROTATE_RULE="${ROOT:-}/etc/logrotate.d/ingest-worker"
CWAGENT_CONFIG="${ROOT:-}/opt/aws/amazon-cloudwatch-agent/etc/ingest-worker.json"
CWAGENT_TOML="${ROOT:-}/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.toml"

# Writes stdin to a file atomically; succeeds only when the content changed.
replace_file() {
    local target="$1" mode="$2" tmp
    mkdir -p "$(dirname "$target")"
    tmp="$(mktemp "$target.XXXXXX")"
    cat >"$tmp"
    chmod "$mode" "$tmp"
    if [[ -f "$target" ]] && cmp -s "$tmp" "$target"; then
        rm -f "$tmp"
        return 1
    fi
    mv -f "$tmp" "$target"
}

# imjournal sets programname from the unit's SyslogIdentifier. The template writes the message alone
# (ltrim: a syslog-socket message starts with a space), so each line is the worker's JSON. "stop"
# keeps the lines out of /var/log/messages.
write_rsyslog_rule() {
    # shellcheck disable=SC2016  # the $ are rsyslog's, not the shell's
    printf '%s\n' \
        '# Written by the ingest-worker boot script: the worker unit lines only, message text only.' \
        'template(name="IngestWorkerLine" type="string" string="%$.line%\n")' \
        'if $programname == "ingest-worker" then {' \
        '    set $.line = ltrim($msg);' \
        "    action(type=\"omfile\" file=\"$WORKER_LOG\" template=\"IngestWorkerLine\" fileCreateMode=\"0640\" dirCreateMode=\"0750\")" \
        '    stop' \
        '}' | replace_file "$RSYSLOG_RULE" 0644
}

# rsyslog keeps the file open: it reopens it on HUP after the rename.
write_logrotate_rule() {
    replace_file "$LOGROTATE_RULE" 0644 <<EOF
$WORKER_LOG {
    daily
    maxsize 50M
    rotate 5
    missingok
    notifempty
    compress
    delaycompress
    sharedscripts
    postrotate
        /usr/bin/systemctl kill -s HUP rsyslog.service >/dev/null 2>&1 || true
    endscript
}
EOF
}

# run_as_user is root on purpose: that is the agent's documented default, and the account the AL2023
# package would otherwise need is not guaranteed. No retention here: the log group owns it.
write_cwagent_config() {
    replace_file "$CWAGENT_CONFIG" 0644 <<EOF
{
  "agent": {"run_as_user": "root"},
  "logs": {
    "logs_collected": {
      "files": {
        "collect_list": [
          {"file_path": "$WORKER_LOG", "log_group_name": "$1", "log_stream_name": "{instance_id}"}
        ]
      }
    }
  }
}
EOF
}

# Starts a unit, or restarts it when its configuration changed.
start_or_restart() {
    systemctl enable "$1" >/dev/null 2>&1
    if [[ "$2" == "changed" ]]; then
        systemctl restart "$1"
    else
        systemctl start "$1"
    fi
}

# Args: the log group name (checked here too: it is written into JSON).
configure_log_shipping() {
    local group="$1" state
    if [[ ! "$group" =~ ^[A-Za-z0-9_/.#-]{1,512}$ ]]; then
        log "log group name '$group' is not a CloudWatch Logs name"
        return 1
    fi
    ensure_packages rsyslog logrotate amazon-cloudwatch-agent
    mkdir -p "${ROOT:-}$(dirname "$WORKER_LOG")"
    chmod 0750 "${ROOT:-}$(dirname "$WORKER_LOG")"
    write_logrotate_rule || true
    state=same
    if write_rsyslog_rule; then state=changed; fi
    start_or_restart rsyslog.service "$state"
    state=same
    if write_cwagent_config "$group" || [[ ! -f "$CWAGENT_TOML" ]]; then
        # fetch-config validates the JSON and translates it into the TOML the agent's service runs.
        "$CWAGENT_CTL" -a fetch-config -m ec2 -c "file:$CWAGENT_CONFIG"
        state=changed
    fi
    start_or_restart amazon-cloudwatch-agent.service "$state"
}

# Shipping off: a node that shipped before goes back to journald only. The rule's presence is the
# mark that this script turned rsyslog and the agent on.
remove_log_shipping() {
    if [[ ! -e "$RSYSLOG_RULE" ]]; then
        return 0
    fi
    rm -f "$RSYSLOG_RULE" "$LOGROTATE_RULE" "$CWAGENT_CONFIG"
    systemctl disable --now amazon-cloudwatch-agent.service rsyslog.service
}
