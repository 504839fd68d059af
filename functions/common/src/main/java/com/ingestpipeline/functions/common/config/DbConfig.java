package com.ingestpipeline.functions.common.config;

import java.util.Map;
import java.util.Set;

/**
 * Where the database is and how to reach it, from the variables in docs/design.md: {@code DB_HOST},
 * {@code DB_PORT}, {@code DB_NAME}, {@code DB_SECRET_ARN}, {@code DB_SSL_MODE}.
 *
 * @param host      RDS endpoint or proxy host
 * @param port      1..65535
 * @param name      database name
 * @param secretArn Secrets Manager secret holding JSON {@code {"username": ..., "password": ...}}
 * @param sslMode   a libpq/pgjdbc {@code sslmode}; {@code verify-full} in the stack, {@code disable} only in tests
 */
public record DbConfig(String host, int port, String name, String secretArn, String sslMode) {
    /** The sslmode values pgjdbc accepts. */
    public static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** Reads the database variables into {@code env}, recording problems there (call {@link Env#check} after). */
    public static DbConfig read(Env env) {
        String host = env.required("DB_HOST");
        int port = (int) env.requiredLong("DB_PORT", 1, 65535);
        String name = env.required("DB_NAME");
        String secretArn = env.required("DB_SECRET_ARN");
        if (!secretArn.isEmpty() && !secretArn.startsWith("arn:")) {
            env.problem("DB_SECRET_ARN must be a Secrets Manager ARN (got '" + secretArn + "')");
        }
        String sslMode = env.requiredOneOf("DB_SSL_MODE", SSL_MODES);
        return new DbConfig(host, port, name, secretArn, sslMode);
    }

    /** Reads and validates; throws {@link ConfigException} naming every missing or invalid variable. */
    public static DbConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        DbConfig config = read(env);
        env.check("database configuration");
        return config;
    }

    /** The JDBC URL without credentials or TLS properties (those are passed as connection properties). */
    public String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + name;
    }
}
