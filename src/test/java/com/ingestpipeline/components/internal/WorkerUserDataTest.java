package com.ingestpipeline.components.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class WorkerUserDataTest {
    static Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("ACTIVITY_ARN", "arn:aws:states:us-east-1:123456789012:activity:node-tasks");
        s.put("REGION", "us-east-1");
        s.put("DB_HOST", "db.internal");
        s.put("DB_PORT", "5432");
        s.put("DB_NAME", "ingest");
        s.put("DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1");
        s.put("DB_SSL_MODE", "verify-full");
        s.put("WORKER_CONCURRENCY", "2");
        s.put("IDLE_SHUTDOWN_SECONDS", "900");
        s.put("HEARTBEAT_INTERVAL_SECONDS", "20");
        s.put("DATA_VOLUME_ID", "vol-0123456789abcdef0");
        s.put("DATA_DEVICE_NAME", "/dev/sdf");
        s.put("DATA_FS_TYPE", "xfs");
        s.put("MOUNT_POINT", "/data");
        s.put("WORK_DIR", "/data/work");
        s.put("ARTIFACT_BUCKET", "artifacts");
        s.put("ARTIFACT_POINTER_KEY", "artifacts/batch-worker/current");
        s.put("JAVA_PACKAGE", "java-21-amazon-corretto-headless");
        s.put("WORKER_MAIN_CLASS", "com.ingestpipeline.functions.worker.WorkerMain");
        s.put("WORKER_JAVA_OPTIONS", "-XX:MaxRAMPercentage=25");
        s.put("VOLUME_WAIT_SECONDS", "600");
        s.put("SHIP_LOGS", "false");
        s.put("LOG_GROUP_NAME", "/ingest-pipeline/node/worker");
        return s;
    }

    @Test
    void documentIsMultipartWithCloudConfigRunningTheScriptOnEveryBoot() {
        String doc = WorkerUserData.render(settings());
        assertThat(doc).startsWith("Content-Type: multipart/mixed; boundary=\"==INGEST-WORKER-BOUNDARY==\"\nMIME-Version: 1.0\n");
        assertThat(doc).contains("Content-Type: text/cloud-config; charset=\"us-ascii\"\n")
            .contains("#cloud-config\ncloud_final_modules:\n")
            .contains("- [scripts-user, always]\n")
            .contains("Content-Type: text/x-shellscript; charset=\"us-ascii\"\n")
            .endsWith("--==INGEST-WORKER-BOUNDARY==--\n");
        assertThat(doc.indexOf("#cloud-config")).isLessThan(doc.indexOf("#!/bin/bash"));
        assertThat(doc.getBytes(StandardCharsets.UTF_8).length).isLessThan(WorkerUserData.MAX_BYTES);
    }

    @Test
    void scriptHasTheLibraryInlinedAndNoPlaceholderLeft() {
        String script = WorkerUserData.script(settings());
        assertThat(script).startsWith("#!/bin/bash\n")
            .contains("prepare_data_volume() {")
            .contains("DATA_VOLUME_ID='vol-0123456789abcdef0'")
            .doesNotContain("@inline")
            .doesNotContain("source \"")
            .doesNotContainPattern("'@[A-Z_]+@'");
    }

    @Test
    void everyPlaceholderInTheTemplateIsASetting() throws IOException {
        String template = Files.readString(Path.of("userdata/worker-boot.sh"));
        var matcher = java.util.regex.Pattern.compile("'@([A-Z0-9_]+)@'").matcher(template);
        java.util.Set<String> found = new java.util.TreeSet<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        assertThat(found).isEqualTo(new java.util.TreeSet<>(WorkerUserData.SETTINGS));
    }

    @Test
    void valuesAreShellQuotedSoAQuoteCannotBreakOut(@TempDir Path dir) throws Exception {
        assumeThat(Path.of("/bin/bash")).exists();
        Map<String, String> s = settings();
        s.put("DB_NAME", "it's; rm -rf / #");
        Path script = dir.resolve("boot.sh");
        Files.writeString(script, WorkerUserData.script(s));
        // Sourcing runs only the assignments and function definitions (main runs when executed).
        Process p = new ProcessBuilder("/bin/bash", "-c",
            "source \"$1\" && printf '%s|' \"$DB_NAME\" && declare -F prepare_data_volume main", "_", script.toString())
            .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("it's; rm -rf / #|prepare_data_volume\nmain\n");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void renderedScriptWithShippingOnWritesTheAgentConfigForTheGroup(@TempDir Path dir) throws Exception {
        assumeThat(Path.of("/bin/bash")).exists();
        Map<String, String> s = settings();
        s.put("SHIP_LOGS", "true");
        s.put("LOG_GROUP_NAME", "/ingest-pipeline/prod-compute/worker");
        Path script = dir.resolve("boot.sh");
        Files.writeString(script, WorkerUserData.script(s));
        // The rendered (inlined) script, its system commands stubbed, run the shipping step as main would.
        String stubs = "rpm() { return 1; }; dnf() { echo \"dnf $*\"; }; systemctl() { echo \"systemctl $*\"; }; "
            + "ctl() { echo \"ctl $*\"; }; ";
        ProcessBuilder p = new ProcessBuilder("/bin/bash", "-c", "source \"$1\" && " + stubs + "CWAGENT_CTL=ctl; set -eu; "
            + "[[ $SHIP_LOGS == true ]] && configure_log_shipping \"$LOG_GROUP_NAME\"", "_", script.toString())
            .redirectErrorStream(true);
        p.environment().put("ROOT", dir.resolve("root").toString());
        Process run = p.start();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(out).isZero();
        assertThat(out).contains("dnf install -y -q rsyslog logrotate amazon-cloudwatch-agent")
            .contains("systemctl restart amazon-cloudwatch-agent.service");
        var agent = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("root/opt/aws/amazon-cloudwatch-agent/etc/ingest-worker.json").toFile());
        assertThat(agent.at("/logs/logs_collected/files/collect_list/0/log_group_name").asText())
            .isEqualTo("/ingest-pipeline/prod-compute/worker");
        assertThat(agent.at("/logs/logs_collected/files/collect_list/0/log_stream_name").asText()).isEqualTo("{instance_id}");
        assertThat(Files.readString(dir.resolve("root/etc/rsyslog.d/ingest-worker.conf")))
            .contains("file=\"/var/log/ingest-worker/worker.log\"");
    }

    @Test
    void longestRealisticSettingsStillFitTheUserDataLimit() {
        // 252-character host, long name/ARNs/options: the document must stay under EC2's 16 KB.
        Map<String, String> s = settings();
        s.put("DB_HOST", "d".repeat(200) + ".cluster-abcdefghijkl.eu-central-1.rds.amazonaws.com");
        s.put("DB_SECRET_ARN", "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:" + "s".repeat(512));
        s.put("ACTIVITY_ARN", "arn:aws-us-gov:states:us-gov-west-1:123456789012:activity:" + "a".repeat(80));
        s.put("ARTIFACT_BUCKET", "b".repeat(63));
        s.put("WORKER_JAVA_OPTIONS", "-X".repeat(150));
        s.put("LOG_GROUP_NAME", "/ingest-pipeline/" + "n".repeat(200) + "/worker");
        s.put("SHIP_LOGS", "true");
        int size = WorkerUserData.render(s).getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("worker user data: %d bytes with the longest settings, limit %d%n", size, WorkerUserData.MAX_BYTES);
        assertThat(size).isLessThan(WorkerUserData.MAX_BYTES);
    }

    @Test
    void renderedScriptPassesShellcheck(@TempDir Path dir) throws Exception {
        UserdataTools.requireTool(UserdataTools.onPath("shellcheck"), "shellcheck on PATH (apt-get install shellcheck)");
        Path script = dir.resolve("boot.sh");
        Files.writeString(script, WorkerUserData.script(settings()));
        UserdataTools.Result r = UserdataTools.run(List.of("shellcheck", "-s", "bash", script.toString()), Path.of("."));
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void missingUnknownAndMultiLineSettingsAreRefusedTogether() {
        Map<String, String> s = settings();
        s.remove("ACTIVITY_ARN");
        s.remove("REGION");
        s.put("PASSWORD", "x");
        s.put("DB_HOST", "a\nb");
        assertThatThrownBy(() -> WorkerUserData.render(s))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("worker user data: missing settings [ACTIVITY_ARN, REGION]; setting DB_HOST contains a newline "
                + "or NUL; unknown setting PASSWORD");
    }

    @Test
    void commentsBlankLinesAndIndentationGoButHereDocumentsAndShellcheckDirectivesStay() {
        String source = String.join("\n",
            "#!/bin/bash",
            "# why this script exists",
            "",
            "f() {",
            "    # shellcheck disable=SC2016",
            "    grep -q x <<<\"$probe\"",
            "    # a comment after a here-string",
            "    cat >\"$unit\" <<EOF",
            "# a comment the unit file keeps",
            "",
            "ExecStart=/bin/true",
            "EOF",
            "    # gone again",
            "}",
            "");
        assertThat(WorkerUserData.withoutComments(source)).isEqualTo(String.join("\n",
            "#!/bin/bash",
            "f() {",
            "# shellcheck disable=SC2016",
            "grep -q x <<<\"$probe\"",
            "cat >\"$unit\" <<EOF",
            "# a comment the unit file keeps",
            "",
            "ExecStart=/bin/true",
            "EOF",
            "}",
            ""));
    }

    @Test
    void theRenderedScriptWritesTheSameUnitFileAsTheSource() throws IOException {
        String source = Files.readString(Path.of("userdata/worker-boot.sh"));
        String rendered = WorkerUserData.script(settings());
        String unit = source.substring(source.indexOf("cat >\"$UNIT_FILE\" <<EOF"), source.indexOf("\nEOF\n") + 5);
        assertThat(unit).contains("# The worker finishes or fails its running task on SIGTERM");
        assertThat(rendered).contains(unit);
    }

    @Test
    void theRenderedScriptDefinesEveryFunctionExactlyAsTheSourceDoes(@TempDir Path dir) throws Exception {
        // Bash prints a function from what it parsed, so dropping comments and indentation must leave every
        // function's text the same: a multi-line string or a glued continuation would show here.
        Files.writeString(dir.resolve("rendered.sh"), WorkerUserData.script(settings()));
        String declare = "source \"$1\" && declare -f";
        UserdataTools.Result rendered = UserdataTools.run(List.of("bash", "-c", declare, "x",
            dir.resolve("rendered.sh").toString()), Path.of("."));
        UserdataTools.Result source = UserdataTools.run(List.of("bash", "-c", declare, "x",
            Path.of("userdata/worker-boot.sh").toAbsolutePath().toString()), Path.of("."));
        assertThat(source.exitCode()).as(source.output()).isZero();
        assertThat(source.output()).contains("fetch_sql_job ()").contains("prepare_data_volume ()");
        assertThat(rendered.output()).isEqualTo(source.output());
    }

    @Test
    void shellQuoteEscapesSingleQuotes() {
        assertThat(WorkerUserData.shellQuote("a'b")).isEqualTo("'a'\\''b'");
        assertThat(WorkerUserData.shellQuote("")).isEqualTo("''");
    }
}
