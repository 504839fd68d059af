package com.ingestpipeline.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.ingestpipeline.functions.common.aws.AwsClients;
import com.ingestpipeline.functions.common.db.Database;
import com.ingestpipeline.functions.common.db.FileRepository;
import com.ingestpipeline.functions.common.logging.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.crac.Core;
import org.crac.Resource;

/**
 * Lambda handler for S3 {@code ObjectCreated} notifications, S3's EventBridge {@code Object Created} events and
 * backfill batches from the backfill state machine's Distributed Map
 * ({@code com.ingestpipeline.functions.ingest.IngestHandler::handleRequest}). See {@link IngestService} and
 * {@link Backfill}.
 *
 * <p>A stream handler, so malformed JSON and non-S3 events reach our code and end as a logged no-op instead of a
 * runtime deserialisation error that Lambda would retry three times for nothing. Returns an {@link IngestSummary}.
 *
 * <p>SnapStart: the constructor builds clients and configuration, starts a background connect and primes the JSON, AWS
 * SDK and JDBC code paths without network calls ({@link Priming}). Before the snapshot the handler closes the database
 * connection; the first event after restore reconnects.
 */
public final class IngestHandler implements RequestStreamHandler, Resource {
    private final IngestService service;
    private final Database database;

    /** Used by Lambda: configuration from the environment (fails with every missing/invalid variable named). */
    public IngestHandler() {
        // Argument order matters: the configuration is validated first, then the background connect starts, and
        // only then are the S3 and Step Functions clients built (in the delegated constructor), alongside it.
        this(IngestConfig.fromEnv(System.getenv()), warmedUp(Database.fromEnvironment()));
    }

    private IngestHandler(IngestConfig config, Database database) {
        this(config, AwsClients.s3(), AwsClients.sfn(), database);
        // In init, alongside the background connect: with SnapStart the primed state is in the snapshot, without it
        // the work still leaves the first event (Priming: no network calls).
        Priming.prime();
        Core.getGlobalContext().register(this);
    }

    /**
     * Builds the Secrets Manager client, reads the secret and connects in the background while the constructor
     * builds the S3 and Step Functions clients: the two are independent and each costs a few hundred ms of a cold
     * start. The first query simply waits for the connection ({@link Database} is synchronised). A failure here is
     * not reported: the first invocation tries again and reports it. SnapStart-safe: {@link #beforeCheckpoint}
     * closes whatever was opened.
     */
    private static Database warmedUp(Database db) {
        Thread t = new Thread(() -> {
            try {
                db.connection();
            } catch (java.sql.SQLException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(IngestHandler.class)
                        .debug("early connect failed; the first invocation retries: {}", e.getMessage());
            }
        }, "db-warm-up");
        t.setDaemon(true);
        t.start();
        return db;
    }

    /** With explicit collaborators (tests, benchmark). */
    IngestHandler(IngestConfig config, software.amazon.awssdk.services.s3.S3Client s3,
                  software.amazon.awssdk.services.sfn.SfnClient sfn, Database database) {
        this.database = database;
        this.service = new IngestService(config, s3, sfn, new FileRepository(database));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LogContext.startInvocation(context == null ? null : context.getAwsRequestId());
        try {
            IngestSummary summary = service.handle(input.readAllBytes());
            output.write(summary.toJson());
        } finally {
            LogContext.clear();
        }
    }

    /** Before the SnapStart snapshot: no socket in it (a restored clone would share a dead one). Init primed already. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        database.closeConnection();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Connections open lazily on the first invocation after restore.
    }
}
