package com.ingestpipeline.smoke;

import com.ingestpipeline.stack.StackSettings;
import com.ingestpipeline.stack.YamlConfigSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.nio.file.Path;

/**
 * Run before {@code pulumi up}, with the deploying credentials and region:
 * <pre>java -cp ... com.ingestpipeline.smoke.PreflightMain STACK</pre>
 * reads {@code Pulumi.STACK.yaml} and says whether the account can grant what the stack reserves.
 * Exit codes: 0 fits, 1 does not fit, 2 bad arguments or settings, or AWS not reachable from here.
 */
public final class PreflightMain {
    private PreflightMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: PreflightMain STACK   (reads Pulumi.STACK.yaml in the current directory)");
            System.exit(2);
        }
        try {
            StackSettings settings = StackSettings.load(YamlConfigSource.load(Path.of("."), args[0]));
            try (LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
                ConcurrencyPreflight.Result result = ConcurrencyPreflight.check(lambda,
                    settings.ingest().reservedConcurrency());
                System.out.println("preflight " + args[0] + ": " + (result.ok() ? "OK " : "FAIL ") + result.message());
                System.exit(result.ok() ? 0 : 1);
            }
        } catch (SdkClientException e) {
            System.err.println("preflight: cannot call AWS (set AWS_REGION and credentials): " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("preflight: " + e.getMessage());
            System.exit(2);
        }
    }
}
