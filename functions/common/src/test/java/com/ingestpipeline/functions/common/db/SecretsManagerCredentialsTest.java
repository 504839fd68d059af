package com.ingestpipeline.functions.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

class SecretsManagerCredentialsTest {
    private static final String ARN = TestDatabase.SECRET_ARN;

    @Test
    void clientFactory_runsOnFirstFetchOnly_notAtConstruction() {
        SecretsManagerClient sm = returning("{\"username\":\"app\",\"password\":\"pw\"}");
        AtomicInteger built = new AtomicInteger();
        SecretsManagerCredentials creds = new SecretsManagerCredentials(() -> {
            built.incrementAndGet();
            return sm;
        }, ARN);

        assertThat(built).as("nothing built before the first fetch").hasValue(0);
        assertThat(creds.current()).isEqualTo(new DbCredentials("app", "pw"));
        creds.current();
        creds.refresh();

        assertThat(built).as("one client for the lifetime of the credentials").hasValue(1);
        verify(sm, times(2)).getSecretValue(any(GetSecretValueRequest.class));
    }

    @Test
    void rdsSecretWithExtraFields_yieldsUsernameAndPassword() {
        SecretsManagerClient sm = returning("{\"engine\":\"postgres\",\"host\":\"db\",\"port\":5432,"
                + "\"tags\":{\"username\":\"nested-is-ignored\"},\"username\":\"master\",\"password\":\"p\\\"w\\u00e9\"}");

        assertThat(new SecretsManagerCredentials(sm, ARN).current()).isEqualTo(new DbCredentials("master", "p\"w\u00e9"));
    }

    @Test
    void secretThatIsNotJson_isAClearError() {
        assertThatThrownBy(() -> new SecretsManagerCredentials(returning("username=u;password=p"), ARN).current())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("secret " + ARN + " is not JSON");
    }

    @Test
    void malformedSecret_neverPutsItsTextInTheErrorOrItsCauses() {
        // Jackson names the offending token in its messages; a logged stack trace would carry the password.
        String secret = "{\"username\":\"app\",\"password\":hunter2secret}";

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> new SecretsManagerCredentials(returning(secret), ARN).current());

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("secret " + ARN + " is not JSON");
        java.io.StringWriter logged = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(logged));
        assertThat(logged.toString()).doesNotContain("hunter2");
    }

    @Test
    void secretThatIsAJsonArrayOrHasNonTextValues_namesTheMissingFields() {
        assertThatThrownBy(() -> new SecretsManagerCredentials(returning("[\"u\",\"p\"]"), ARN).current())
                .hasMessageContaining("missing: username password");
        assertThatThrownBy(() -> new SecretsManagerCredentials(returning("{\"username\":\"u\",\"password\":42}"), ARN).current())
                .hasMessageContaining("missing: password");
        assertThatThrownBy(() -> new SecretsManagerCredentials(returning("{\"username\":\"\",\"password\":\"p\"}"), ARN).current())
                .hasMessageContaining("missing: username");
    }

    private static SecretsManagerClient returning(String secret) {
        SecretsManagerClient sm = mock(SecretsManagerClient.class);
        when(sm.getSecretValue(any(GetSecretValueRequest.class)))
                .thenReturn(GetSecretValueResponse.builder().arn(ARN).secretString(secret).build());
        return sm;
    }
}
