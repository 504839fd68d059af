package com.ingestpipeline.functions.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker's directory on the EBS volume. */
final class WorkDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);

    private WorkDirectory() {
    }

    /**
     * Creates the directory and removes task directories left by a worker that was killed mid-task
     * (power loss, SIGKILL): their tasks are re-driven by the heartbeat timeout and start afresh.
     */
    static void sweep(Path workDir) {
        try {
            Files.createDirectories(workDir);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(workDir, "task-*")) {
                for (Path p : leftovers) {
                    LOG.info("removing leftover task directory {}", p.getFileName());
                    TaskProcessor.deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare work directory " + workDir, e);
        }
    }
}
