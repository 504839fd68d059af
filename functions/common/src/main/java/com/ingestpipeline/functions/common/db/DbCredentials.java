package com.ingestpipeline.functions.common.db;

import java.util.Objects;

/** A database user name and password, as held in the RDS-managed secret. {@link #toString()} hides the password. */
public record DbCredentials(String username, String password) {
    public DbCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "DbCredentials[username=" + username + ", password=***]";
    }
}
