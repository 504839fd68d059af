package com.ingestpipeline.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.Migrations;
import com.ingestpipeline.functions.common.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema migrator ({@code com.ingestpipeline.functions.ingest.MigrateHandler::handleRequest}): applies the
 * Flyway migrations bundled in this jar and answers {@code {"version": "1", "migrationsExecuted": 1,
 * "migrationsHash": "..."}}.
 *
 * <p>Migrations run once per deploy, not on cold start: the stack invokes this function through an
 * {@code aws.lambda.Invocation} whose input carries the migrations' hash ({@code {"migrationsHash": "<sha256>"}}), so
 * it runs again only when the migration set changes, before any function that uses the new schema is updated.
 * Running it twice is harmless (Flyway applies nothing the second time). A failed migration throws, which fails the
 * deploy.
 */
public final class MigrateHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MigrateHandler.class);

    private final Database database;
    private final ObjectMapper json = new ObjectMapper();

    public MigrateHandler() {
        this(Database.fromEnvironment());
    }

    MigrateHandler(Database database) {
        this.database = database;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LogContext.startInvocation(context == null ? null : context.getAwsRequestId());
        try {
            byte[] bytes = input.readAllBytes();
            String hash = null;
            if (bytes.length > 0) {
                JsonNode request;
                try {
                    request = json.readTree(bytes);
                } catch (IOException e) {
                    throw new IllegalArgumentException("migrate request is not valid JSON (expected {\"migrationsHash\": \"...\"})");
                }
                if (request != null && request.hasNonNull("migrationsHash")) {
                    hash = request.get("migrationsHash").asText();
                }
            }
            Migrations.Outcome outcome = Migrations.migrate(database);
            LOG.atInfo().addKeyValue("version", outcome.version()).addKeyValue("migrationsExecuted", outcome.executed())
                    .addKeyValue("migrationsHash", hash).log("schema migrated");
            ObjectNode out = json.createObjectNode();
            out.put("version", outcome.version());
            out.put("migrationsExecuted", outcome.executed());
            out.put("migrationsHash", hash);
            output.write(json.writeValueAsBytes(out));
        } finally {
            LogContext.clear();
        }
    }
}
