package com.ingestpipeline.components.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the worker boot script ({@code userdata/worker-boot.sh}, bundled in the library jar) into EC2
 * user data: each {@code '@NAME@'} placeholder becomes the shell-quoted setting, each {@code # @inline}
 * source line becomes the library it names, and the script is wrapped in a MIME multi-part document whose
 * cloud-config part makes cloud-init run it on every boot, not only the first.
 *
 * <p>Settings are not secrets (the database password stays in Secrets Manager), and a value may not
 * contain a newline: user data is readable by anyone who can describe the instance's attributes.
 */
public final class WorkerUserData {
    /** EC2 refuses user data above 16 KB (before base64). */
    public static final int MAX_BYTES = 16 * 1024;
    /** The size the worker's user data must stay under, so growth is seen in a test before EC2 refuses it. */
    public static final int BUDGET_BYTES = 15 * 1024;
    /** Every placeholder in the template; a render must give each exactly once. */
    public static final Set<String> SETTINGS = Set.of("ACTIVITY_ARN", "REGION", "DB_HOST", "DB_PORT", "DB_NAME",
        "DB_SECRET_ARN", "DB_SSL_MODE", "WORKER_CONCURRENCY", "IDLE_SHUTDOWN_SECONDS", "HEARTBEAT_INTERVAL_SECONDS",
        "DATA_VOLUME_ID", "DATA_DEVICE_NAME", "DATA_FS_TYPE", "MOUNT_POINT", "WORK_DIR", "ARTIFACT_BUCKET",
        "ARTIFACT_POINTER_KEY", "JAVA_PACKAGE", "WORKER_MAIN_CLASS", "WORKER_JAVA_OPTIONS",
        "VOLUME_WAIT_SECONDS", "SHIP_LOGS", "LOG_GROUP_NAME");

    private static final String RESOURCE_DIR = "/com/ingestpipeline/userdata/";
    private static final String TEMPLATE = "worker-boot.sh";
    private static final Pattern PLACEHOLDER = Pattern.compile("'@([A-Z0-9_]+)@'");
    private static final Pattern INLINE = Pattern.compile("^source \".*/(lib/[a-z0-9-]+\\.sh)\" # @inline$");
    // A here-document start (<<EOF, <<'EOF', <<-EOF), not a here-string (<<<).
    private static final Pattern HEREDOC = Pattern.compile("(?<!<)<<(?!<)(-?)\\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?");
    private static final String BOUNDARY = "==INGEST-WORKER-BOUNDARY==";
    // cloud-init runs user scripts once per instance by default; a stop/start keeps the instance id, so
    // without "always" a changed jar key or setting would never reach a running node (AWS knowledge
    // center: "run user data on every restart"). The other per-boot modules keep their usual place.
    private static final String CLOUD_CONFIG = String.join("\n",
        "#cloud-config",
        "cloud_final_modules:",
        "- scripts-vendor",
        "- scripts-per-once",
        "- scripts-per-boot",
        "- scripts-per-instance",
        "- [scripts-user, always]",
        "- final-message",
        "");

    private WorkerUserData() {
    }

    /** The boot script with the settings filled in and its libraries inlined. */
    public static String script(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        for (String key : new TreeSet<>(SETTINGS)) {
            if (!settings.containsKey(key) || settings.get(key) == null) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            problems.add("missing settings " + missing);
        }
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            if (!SETTINGS.contains(e.getKey())) {
                problems.add("unknown setting " + e.getKey());
            } else if (e.getValue() != null && (e.getValue().contains("\n") || e.getValue().contains("\0"))) {
                problems.add("setting " + e.getKey() + " contains a newline or NUL");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("worker user data: " + String.join("; ", problems));
        }
        StringBuilder out = new StringBuilder();
        for (String line : resource(TEMPLATE).split("\n", -1)) {
            Matcher inline = INLINE.matcher(line);
            if (inline.matches()) {
                out.append(library(inline.group(1)));
                continue;
            }
            if (line.startsWith("# shellcheck source=")) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(line);
            StringBuilder replaced = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(replaced, Matcher.quoteReplacement(shellQuote(settings.get(m.group(1)))));
            }
            m.appendTail(replaced);
            out.append(replaced).append('\n');
        }
        String script = withoutComments(out.toString().stripTrailing() + "\n");
        Matcher leftover = Pattern.compile("@[A-Z0-9_]+@").matcher(script);
        if (leftover.find()) {
            throw new IllegalStateException("worker-boot.sh has a placeholder no setting fills: " + leftover.group());
        }
        return script;
    }

    /** The full user data document: cloud-config (run on every boot) + the boot script. */
    public static String render(Map<String, String> settings) {
        String script = script(settings);
        String document = String.join("\n",
            "Content-Type: multipart/mixed; boundary=\"" + BOUNDARY + "\"",
            "MIME-Version: 1.0",
            "",
            "--" + BOUNDARY,
            "Content-Type: text/cloud-config; charset=\"us-ascii\"",
            "MIME-Version: 1.0",
            "Content-Transfer-Encoding: 7bit",
            "Content-Disposition: attachment; filename=\"cloud-config.txt\"",
            "",
            CLOUD_CONFIG,
            "--" + BOUNDARY,
            "Content-Type: text/x-shellscript; charset=\"us-ascii\"",
            "MIME-Version: 1.0",
            "Content-Transfer-Encoding: 7bit",
            "Content-Disposition: attachment; filename=\"ingest-worker-boot.sh\"",
            "",
            script,
            "--" + BOUNDARY + "--",
            "");
        int size = document.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("worker user data is " + size + " bytes; EC2 allows " + MAX_BYTES);
        }
        return document;
    }

    /**
     * Drops blank lines, whole-line comments (the sources in userdata/ document themselves) and leading indentation
     * (bash ignores it; EC2's 16 KB counts it) so the script stays below 16 KB. Kept: the shebang, shellcheck
     * directives, and every line of a here-document as written, so the files the script writes are byte for byte the
     * ones the bats suites check. The sources keep no multi-line quoted string and no continuation glued to its
     * previous word, where indentation would be content (WorkerUserDataTest compares the functions bash reads).
     */
    static String withoutComments(String script) {
        StringBuilder out = new StringBuilder();
        String terminator = null;
        boolean tabsStripped = false;
        boolean first = true;
        for (String line : script.split("\n", -1)) {
            if (terminator != null) {
                out.append(line).append('\n');
                if ((tabsStripped ? line.replaceFirst("^\t+", "") : line).equals(terminator)) {
                    terminator = null;
                }
                continue;
            }
            String trimmed = line.strip();
            boolean keep = first || !(trimmed.isEmpty() || trimmed.startsWith("#") && !trimmed.startsWith("# shellcheck "));
            first = false;
            if (keep) {
                out.append(line.stripLeading()).append('\n');
                Matcher heredoc = HEREDOC.matcher(line);
                if (!trimmed.startsWith("#") && heredoc.find()) {
                    tabsStripped = !heredoc.group(1).isEmpty();
                    terminator = heredoc.group(2);
                }
            }
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** Single-quotes a value for bash: the only character to escape inside '...' is the quote itself. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    // Drops the library's header (its shellcheck shell directive would be misplaced mid-script).
    private static String library(String path) {
        StringBuilder out = new StringBuilder();
        boolean header = true;
        for (String line : resource(path).split("\n", -1)) {
            if (header && (line.startsWith("#") || line.isBlank())) {
                continue;
            }
            header = false;
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String resource(String path) {
        try (InputStream in = WorkerUserData.class.getResourceAsStream(RESOURCE_DIR + path)) {
            if (in == null) {
                throw new IllegalStateException("userdata/" + path + " is missing from the classpath at "
                    + RESOURCE_DIR + path + ": build the library with mvn (it bundles userdata/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read userdata/" + path, e);
        }
    }
}
