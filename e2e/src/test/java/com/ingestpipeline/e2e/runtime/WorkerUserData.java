package com.ingestpipeline.e2e.runtime;

import com.ingestpipeline.e2e.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a worker instance's boot script (the shell part of the plan's {@code userData}) writes, produced by running
 * that script's own functions ({@code write_worker_env}, {@code write_worker_unit}) under a scratch {@code ROOT},
 * the hook the script offers its tests, with the instance metadata service's {@code imds_get} answered locally. Gives the environment file (read as systemd reads an EnvironmentFile) and
 * the unit's {@code ExecStart}.
 */
public final class WorkerUserData {
    private final String script;
    private final Map<String, String> environmentFile;
    private final List<String> execStart;

    private WorkerUserData(String script, Map<String, String> environmentFile, List<String> execStart) {
        this.script = script;
        this.environmentFile = environmentFile;
        this.execStart = execStart;
    }

    /** Renders the boot script of the planned instance {@code instance} with {@code instanceId} as IMDS would give it. */
    public static WorkerUserData render(Plan.Resource instance, String instanceId, Path scratch)
            throws IOException, InterruptedException {
        return render(instance, instanceId, scratch, Map.of());
    }

    /**
     * The same, with some of the script's variables set ({@code SQL_JOB_KEY=...}), as the boot script sets them
     * from a jar pointer that names a SQL job.
     */
    public static WorkerUserData render(Plan.Resource instance, String instanceId, Path scratch,
                                        Map<String, String> settings) throws IOException, InterruptedException {
        String script = shellPart(userData(instance));
        Files.createDirectories(scratch);
        Path file = scratch.resolve("ingest-worker-boot.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Path root = scratch.resolve("root");
        Files.createDirectories(root);
        // imds_get stands in for the instance metadata service (as the script's bats tests do); the id is also
        // passed as an argument for script versions that take it that way.
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -euo pipefail; source \"$1\"; INSTANCE_ID=\"$2\"; for setting in \"${@:3}\"; do declare \"$setting\"; done; "
                        + "imds_get() { [[ \"$1\" == instance-id ]] && printf '%s\\n' \"$INSTANCE_ID\"; }; "
                        + "write_worker_env \"$INSTANCE_ID\"; write_worker_unit", "boot",
                file.toString(), instanceId));
        settings.forEach((k, v) -> command.add(k + "=" + v));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("ROOT", root.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("boot script functions failed: " + out);
        }
        Map<String, String> env = parseEnvironmentFile(Files.readString(root.resolve("etc/ingest-worker/worker.env")));
        String unit = Files.readString(root.resolve("etc/systemd/system/ingest-worker.service"));
        List<String> exec = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .map(l -> words(l.substring("ExecStart=".length()).trim()))
                .orElseThrow(() -> new IllegalStateException("the worker unit has no ExecStart:\n" + unit));
        return new WorkerUserData(script, env, exec);
    }

    /** The instance's user data as cloud-init sees it: {@code userData}, or {@code userDataBase64} (gzip allowed). */
    static String userData(Plan.Resource instance) throws IOException {
        if (instance.inputs().hasNonNull("userData")) {
            return instance.input("userData");
        }
        byte[] raw = java.util.Base64.getDecoder().decode(instance.input("userDataBase64"));
        if (raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            // cloud-init accepts gzip-compressed user data (it fits more under EC2's 16 KB limit)
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            }
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** The shell script inside the cloud-init multipart user data. */
    static String shellPart(String userData) {
        int type = userData.indexOf("Content-Type: text/x-shellscript");
        if (type < 0) {
            return userData; // a bare script
        }
        int start = userData.indexOf("#!", type);
        int end = userData.indexOf("\n--", start);
        return userData.substring(start, end < 0 ? userData.length() : end + 1);
    }

    /** A command line split as systemd splits ExecStart: on spaces, except inside double or single quotes. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in ExecStart: " + line);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return List.copyOf(out);
    }

    /** KEY=VALUE lines as systemd's EnvironmentFile reads them (surrounding quotes removed). */
    static Map<String, String> parseEnvironmentFile(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) {
                continue;
            }
            String key = l.substring(0, l.indexOf('='));
            String value = l.substring(l.indexOf('=') + 1);
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(key, value);
        }
        return env;
    }

    public String script() {
        return script;
    }

    /** A variable the boot script sets at its top (e.g. {@code ARTIFACT_SHA256}). */
    public String scriptVariable(String name) {
        return script.lines().filter(l -> l.startsWith(name + "=")).findFirst()
                .map(l -> l.substring(name.length() + 1).replaceAll("^'(.*)'$", "$1"))
                .orElseThrow(() -> new IllegalStateException("boot script sets no " + name));
    }

    /** {@code /etc/ingest-worker/worker.env} as written by the boot script. */
    public Map<String, String> environmentFile() {
        return environmentFile;
    }

    /** The unit's {@code ExecStart} words (java, options, {@code -cp}, jar, main class). */
    public List<String> execStart() {
        return execStart;
    }

    /** The main class the unit starts (the last word of ExecStart). */
    public String mainClass() {
        return execStart.get(execStart.size() - 1);
    }

    /** ExecStart with a local java, and the classpath replaced by {@code classpath}. */
    public List<String> command(Path java, String classpath) {
        List<String> cmd = new ArrayList<>(execStart);
        cmd.set(0, java.toString());
        int cp = cmd.indexOf("-cp");
        if (cp < 0) {
            throw new IllegalStateException("ExecStart has no -cp: " + execStart);
        }
        cmd.set(cp + 1, classpath);
        return cmd;
    }
}
