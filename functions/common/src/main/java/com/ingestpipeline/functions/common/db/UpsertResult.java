package com.ingestpipeline.functions.common.db;

/**
 * What {@link FileRepository#upsert} did with an event.
 *
 * @param file the row as it is now (for {@link Outcome#STALE} and {@link Outcome#DUPLICATE}: the row that won)
 */
public record UpsertResult(Outcome outcome, FileRecord file) {
    public enum Outcome {
        /** First event for this object version: a new row. */
        INSERTED,
        /** A newer event (higher sequencer) for the same key and version: the row was reset to the new content. */
        REPLACED,
        /** The same event again (same sequencer): nothing changed. */
        DUPLICATE,
        /** An older event arriving after a newer one: nothing changed. */
        STALE
    }
}
