package com.ingestpipeline.functions.common.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Database work run by {@link Database#withConnection}; it may be run twice if the connection breaks, so keep it one transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
