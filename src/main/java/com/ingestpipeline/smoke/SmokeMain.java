package com.ingestpipeline.smoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * The deploy smoke check command. Credentials and region come from the usual AWS chain
 * ({@code AWS_PROFILE}, {@code AWS_REGION}, ...).
 *
 * <pre>pulumi stack output --json --stack dev | java -cp ... com.ingestpipeline.smoke.SmokeMain [--outputs FILE]
 *     [--file SAMPLE.csv] [--timeout SECONDS] [--poll SECONDS]</pre>
 *
 * Exit codes: 0 passed, 1 failed, 2 bad arguments or outputs, or AWS not reachable from here (no region,
 * no credentials, no network).
 */
public final class SmokeMain {
    private SmokeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path outputs = null;
        Path file = null;
        long timeout = 1200;
        long poll = 10;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--outputs" -> outputs = "-".equals(require(args[i], value)) ? null : Path.of(value);
                    case "--file" -> file = Path.of(require(args[i], value));
                    case "--timeout" -> timeout = Long.parseLong(require(args[i], value));
                    case "--poll" -> poll = Long.parseLong(require(args[i], value));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            StackOutputs stack;
            try (InputStream in = outputs == null ? System.in : Files.newInputStream(outputs)) {
                stack = StackOutputs.parse(new ObjectMapper().readTree(in));
            }
            byte[] sample = file == null ? sample(Instant.now()) : Files.readAllBytes(file);
            String name = "smoke/" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now()) + (file == null ? ".csv" : "-" + file.getFileName());
            try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).build();
                 SfnClient sfn = SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
                 LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
                SmokeCheck check = new SmokeCheck(s3, sfn, lambda, System.out, Instant::now,
                    d -> Thread.sleep(d.toMillis()), Duration.ofSeconds(timeout), Duration.ofSeconds(poll));
                System.exit(check.run(stack, name, sample).passed() ? 0 : 1);
            }
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("smoke check: " + e.getMessage()
                + "\nusage: SmokeMain [--outputs FILE|-] [--file SAMPLE] [--timeout SECONDS] [--poll SECONDS]");
            System.exit(2);
        } catch (SdkClientException e) {
            // Client-side: no region or credentials (before the first request) or no network. The pipeline was
            // not judged, so this is not a FAILED check; the SDK's message names the missing setting.
            System.err.println("smoke check: cannot call AWS (set AWS_REGION and credentials, e.g. AWS_PROFILE, "
                + "and check the network): " + e.getMessage());
            System.exit(2);
        }
    }

    /** A small CSV whose content differs per run, so S3 gives it a new ETag and the pipeline a new execution. */
    static byte[] sample(Instant now) {
        StringBuilder csv = new StringBuilder("id,name,amount,run\n");
        for (int i = 1; i <= 100; i++) {
            csv.append(i).append(",item-").append(i).append(',').append(i * 3 % 97).append('.').append(i % 10)
                .append(',').append(now.toEpochMilli()).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
