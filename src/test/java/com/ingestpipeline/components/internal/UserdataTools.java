package com.ingestpipeline.components.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Runs the shell tools (shellcheck, bats) the userdata/ checks need. */
public final class UserdataTools {
    /** Exit code and combined output of one command. */
    public record Result(int exitCode, String output) {
    }

    /** .ci/run runs with CI=true, and installs every tool these checks need. */
    public static final boolean IN_CI = "true".equals(System.getenv("CI"));

    private UserdataTools() {
    }

    /** Under CI a missing tool fails the test; on a developer's machine it skips the test with the reason. */
    public static void requireTool(boolean present, String reason) {
        if (IN_CI) {
            assertThat(present).as(reason).isTrue();
        } else {
            assumeThat(present).as(reason).isTrue();
        }
    }

    public static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    public static Result run(List<String> command, Path workDir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 10 minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
