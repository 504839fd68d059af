package com.ingestpipeline.functions.worker.job;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Job outputs written to a hidden temporary file and renamed into place only once complete and
 * flushed to disk, so a process killed mid-write leaves nothing under the final name (and the
 * worker uploads only committed files).
 */
public final class OutputFiles {
    private final Path directory;

    public OutputFiles(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    public Path directory() {
        return directory;
    }

    /** Starts writing {@code fileName}; nothing is visible under that name until {@link Output#commit()}. */
    public Output create(String fileName) throws IOException {
        Path target = target(fileName);
        Path temp = directory.resolve("." + fileName + "." + UUID.randomUUID() + ".partial");
        return new Output(temp, target);
    }

    /**
     * Starts an output that another writer (DuckDB's {@code COPY ... TO}) fills by path: write to
     * {@link Written#path()}, then {@link Written#commit()}; nothing is visible under the final name before.
     */
    public Written createForWriter(String fileName) throws IOException {
        Path target = target(fileName);
        return new Written(directory.resolve("." + fileName + "." + UUID.randomUUID() + ".partial"), target);
    }

    private Path target(String fileName) {
        if (fileName.isEmpty() || fileName.startsWith(".") || fileName.contains("/")) {
            throw new IllegalArgumentException("output file name must be a plain name, got '" + fileName + "'");
        }
        return directory.resolve(fileName);
    }

    /** An output filled by path. */
    public static final class Written implements AutoCloseable {
        private final Path temp;
        private final Path target;
        private boolean committed;

        Written(Path temp, Path target) {
            this.temp = temp;
            this.target = target;
        }

        /** Where the writer writes; a hidden name in the task's output directory. */
        public Path path() {
            return temp;
        }

        /** Fsyncs what the writer wrote and renames it into place; returns the final path. */
        public Path commit() throws IOException {
            if (!Files.exists(temp)) {
                throw new IOException("nothing was written to " + temp.getFileName());
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            move(temp, target);
            committed = true;
            return target;
        }

        /** Deletes an uncommitted output (a writer that failed half way leaves its partial file here). */
        @Override
        public void close() throws IOException {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("work directory " + temp.getParent() + " does not support atomic rename", e);
        }
    }

    /** One output being written. Write to {@link #stream()}, then {@link #commit()}. */
    public static final class Output implements AutoCloseable {
        private final Path temp;
        private final Path target;
        private final FileChannel channel;
        private final OutputStream stream;
        private boolean committed;

        Output(Path temp, Path target) throws IOException {
            this.temp = temp;
            this.target = target;
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            OutputStream raw = new FilterOutputStream(java.nio.channels.Channels.newOutputStream(channel)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() {
                    // The channel is closed by commit/close, after fsync.
                }
            };
            this.stream = new BufferedOutputStream(raw, 1 << 16);
        }

        public OutputStream stream() {
            return stream;
        }

        /** Flushes, fsyncs and renames into place; returns the final path. */
        public Path commit() throws IOException {
            stream.flush();
            channel.force(true);
            channel.close();
            move(temp, target);
            committed = true;
            return target;
        }

        /** Abandons an uncommitted output and deletes its temporary file. */
        @Override
        public void close() throws IOException {
            if (!committed) {
                channel.close();
                Files.deleteIfExists(temp);
            }
        }
    }
}
