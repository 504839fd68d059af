package com.ingestpipeline.functions.common.db;

/**
 * Supplies database credentials. {@link Database} calls {@link #current()} for every new connection and
 * {@link #refresh()} once when the server rejects them, so a rotated secret is picked up without a restart.
 */
public interface CredentialsSource {
    /** The cached credentials, fetched on first use. */
    DbCredentials current();

    /** Drops the cache and fetches the credentials again. */
    DbCredentials refresh();
}
