package com.ingestpipeline.functions.worker;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks the OS to power off after the idle time. With the instance's shutdown behaviour set to
 * {@code stop}, EC2 stops (not terminates) it, and the workflow's StartWorkers step starts it again
 * when work arrives. An interface so tests count calls instead of powering anything off.
 */
@FunctionalInterface
public interface PowerOff {
    void powerOff() throws IOException, InterruptedException;

    /** System property naming the command, space separated; default {@code systemctl poweroff}. */
    String COMMAND_PROPERTY = "worker.powerOffCommand";

    /** Runs the configured command and fails loudly if it does not succeed. */
    static PowerOff command() {
        List<String> command = List.of(System.getProperty(COMMAND_PROPERTY, "systemctl poweroff").trim().split("\\s+"));
        return () -> {
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("power-off command " + command + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("power-off command " + command + " exited with " + p.exitValue());
            }
        };
    }
}
