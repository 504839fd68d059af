package com.ingestpipeline.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Starts a backfill and waits for it (docs/backfill.md). Credentials and region come from the usual AWS chain.
 *
 * <pre>pulumi stack output --json --stack dev | java -cp ... com.ingestpipeline.smoke.BackfillMain
 *     [--outputs FILE] [--prefix incoming/] [--mode ingest|reprocess] [--since 2026-01-01T00:00:00Z]
 *     [--name NAME] [--timeout SECONDS] [--poll SECONDS]</pre>
 *
 * The prefix defaults to the stack's inputPrefix, the mode to ingest. Exit codes: 0 the backfill succeeded, 1 it
 * failed or is still running at the timeout, 2 bad arguments or outputs, or AWS not reachable from here.
 */
public final class BackfillMain {
    private BackfillMain() {
    }

    public static void main(String[] args) throws Exception {
        Path outputs = null;
        String prefix = null;
        String mode = "ingest";
        String since = null;
        String name = "backfill-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
            .format(Instant.now());
        long timeout = 86_400;
        long poll = 15;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--outputs" -> outputs = "-".equals(require(args[i], value)) ? null : Path.of(value);
                    case "--prefix" -> prefix = require(args[i], value);
                    case "--mode" -> mode = require(args[i], value);
                    case "--since" -> since = require(args[i], value);
                    case "--name" -> name = require(args[i], value);
                    case "--timeout" -> timeout = Long.parseLong(require(args[i], value));
                    case "--poll" -> poll = Long.parseLong(require(args[i], value));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            if (!mode.equals("ingest") && !mode.equals("reprocess")) {
                throw new IllegalArgumentException("--mode must be ingest or reprocess (got " + mode + ")");
            }
            JsonNode stack;
            try (InputStream in = outputs == null ? System.in : Files.newInputStream(outputs)) {
                stack = new ObjectMapper().readTree(in);
            }
            String machine = text(stack, "backfillStateMachineArn");
            String input = BackfillCommand.input(prefix != null ? prefix : text(stack, "inputPrefix"), mode, since);
            try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).build();
                 SfnClient sfn = SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
                BackfillCommand command = new BackfillCommand(sfn, s3, System.out, Instant::now,
                    d -> Thread.sleep(d.toMillis()), Duration.ofSeconds(timeout), Duration.ofSeconds(poll));
                System.exit(command.run(machine, name, input).succeeded() ? 0 : 1);
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("backfill: " + e.getMessage() + "\nusage: BackfillMain [--outputs FILE|-] [--prefix P] "
                + "[--mode ingest|reprocess] [--since RFC3339] [--name NAME] [--timeout SECONDS] [--poll SECONDS]");
            System.exit(2);
        } catch (SdkClientException e) {
            System.err.println("backfill: cannot call AWS (set AWS_REGION and credentials, e.g. AWS_PROFILE, "
                + "and check the network): " + e.getMessage());
            System.exit(2);
        }
    }

    private static String text(JsonNode outputs, String key) {
        JsonNode v = outputs == null ? null : outputs.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("stack outputs: missing " + key
                + " (run `pulumi stack output --json` in the deployed stack and pass that)");
        }
        return v.asText();
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
