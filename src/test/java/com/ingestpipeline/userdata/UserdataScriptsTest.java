package com.ingestpipeline.userdata;

import com.ingestpipeline.components.internal.UserdataTools;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Makes the userdata/ shell checks part of {@code mvn verify}: shellcheck on every script and bats file,
 * then the bats suites (the disk logic against a real loop device when run as root; the log-shipping
 * rules through real rsyslogd and logrotate when installed). Skipped, with the reason, only where the
 * tool is not installed; .ci/run installs shellcheck, bats, bats-assert, bats-support and xfsprogs.
 */
class UserdataScriptsTest {
    private static final Path USERDATA = Path.of("userdata");

    @Test
    void everyScriptPassesShellcheck() throws Exception {
        assumeThat(UserdataTools.onPath("shellcheck")).as("shellcheck is not installed (apt-get install shellcheck)").isTrue();
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x", "--source-path=SCRIPTDIR", "-s", "bash"));
        List<String> files = files(".sh", ".bats");
        assertThat(files).contains("worker-boot.sh", "lib/data-volume.sh", "lib/log-shipping.sh", "test/data-volume.bats",
            "test/worker-boot.bats", "test/log-shipping.bats");
        command.addAll(files);
        UserdataTools.Result r = UserdataTools.run(command, USERDATA);
        assertThat(r.exitCode()).as("shellcheck findings:%n%s", r.output()).isZero();
    }

    @Test
    void batsSuitesPass() throws Exception {
        assumeThat(UserdataTools.onPath("bats")).as("bats is not installed (apt-get install bats bats-assert bats-support)").isTrue();
        assumeThat(Path.of("/usr/lib/bats/bats-assert/load.bash"))
            .as("bats-assert is not installed (apt-get install bats-assert bats-support)").exists();
        UserdataTools.Result r = UserdataTools.run(List.of("bats", "--tap", "test"), USERDATA);
        assertThat(r.exitCode()).as("bats output:%n%s", r.output()).isZero();
        // Every test ran: a suite that silently loses its tests would otherwise pass.
        assertThat(r.output()).contains("1..41").doesNotContain("not ok");
        System.out.println(r.output());
    }

    private static List<String> files(String... suffixes) throws IOException {
        try (Stream<Path> paths = Files.walk(USERDATA)) {
            return paths.filter(Files::isRegularFile)
                .map(p -> USERDATA.relativize(p).toString())
                .filter(p -> Stream.of(suffixes).anyMatch(p::endsWith))
                .sorted()
                .toList();
        }
    }
}
