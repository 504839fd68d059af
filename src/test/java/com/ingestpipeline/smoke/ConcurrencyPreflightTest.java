package com.ingestpipeline.smoke;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AccountLimit;
import software.amazon.awssdk.services.lambda.model.GetAccountSettingsRequest;
import software.amazon.awssdk.services.lambda.model.GetAccountSettingsResponse;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The preflight says, before a deploy, whether the account can grant the stack's reserved concurrency. */
class ConcurrencyPreflightTest {
    @SuppressWarnings("unchecked")
    private static LambdaClient account(int quota, int unreserved) {
        LambdaClient lambda = mock(LambdaClient.class);
        when(lambda.getAccountSettings(any(Consumer.class))).thenReturn(GetAccountSettingsResponse.builder()
            .accountLimit(AccountLimit.builder().concurrentExecutions(quota).unreservedConcurrentExecutions(unreserved)
                .build()).build());
        return lambda;
    }

    private static Optional<Integer> prodReservation() {
        return com.ingestpipeline.stack.StackSettings.load(
            com.ingestpipeline.stack.YamlConfigSource.load(Path.of("."), "prod")).ingest().reservedConcurrency();
    }

    @Test
    void aNewAccountWithAQuotaOfTenCannotGrantTheProdReservationAndIsToldWhatToRequest() {
        Optional<Integer> reserved = prodReservation();
        assertThat(reserved).isPresent();
        var result = ConcurrencyPreflight.check(account(10, 10), reserved);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("quota is 10").contains("L-B99A9384")
            .contains("at least " + (100 + reserved.get()));
    }

    @Test
    void theDefaultThousandGrantsTheProdReservation() {
        var result = ConcurrencyPreflight.check(account(1000, 1000), prodReservation());
        assertThat(result.ok()).isTrue();
        assertThat(result.message()).contains("at most 900 can be reserved");
    }

    @Test
    void otherFunctionsReservationsCount() {
        // 1000 quota, 880 already reserved elsewhere: 120 unreserved, 20 grantable.
        assertThat(ConcurrencyPreflight.judge(Optional.of(50), 1000, 120).ok()).isFalse();
        assertThat(ConcurrencyPreflight.judge(Optional.of(20), 1000, 120).ok()).isTrue();
    }

    @Test
    void noReservationAlwaysFits() {
        assertThat(ConcurrencyPreflight.judge(Optional.empty(), 10, 10).ok()).isTrue();
    }
}
