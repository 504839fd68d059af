package com.ingestpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.e2e.fakes.FakeSecretsManager;
import com.ingestpipeline.e2e.runtime.ApiCallRecorder;
import com.ingestpipeline.e2e.runtime.LambdaFunctionProcess;
import com.ingestpipeline.e2e.runtime.LocalRuntimeApi;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schema as a deploy creates it: the planned migrate function (its jar, handler, environment) invoked with the
 * input of the plan's {@code aws:lambda/invocation:Invocation}, against an empty database, then again (a re-run
 * applies nothing).
 */
class MigrateFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void plannedInvocation_migratesAnEmptyDatabase_andIsHarmlessTwice() throws Exception {
        Plan plan = Plan.load(EndToEndRun.STACK);
        Plan.Resource invocation = plan.resource("aws:lambda/invocation:Invocation", "-migrations");
        Plan.Resource migrate = plan.resources("aws:lambda/function:Function").stream()
                .filter(f -> f.name().equals(invocation.input("functionName"))).findFirst()
                .orElseThrow(() -> new AssertionError("the invocation targets " + invocation.input("functionName")
                        + ", which the plan does not create"));
        TestDatabase db = TestDatabase.get();
        String database = "deploy_" + ProcessHandle.current().pid();
        db.admin("DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database + " OWNER " + TestDatabase.USER);

        Path work = Files.createDirectories(Path.of(System.getProperty("e2e.workDir", "target/e2e-work"))
                .toAbsolutePath().resolve("migrate-fn"));
        byte[] input = invocation.input("input").getBytes(StandardCharsets.UTF_8);
        try (FakeSecretsManager secrets = new FakeSecretsManager()
                .put(migrate.environment().get("DB_SECRET_ARN"), TestDatabase.USER, TestDatabase.PASSWORD);
             LambdaFunctionProcess fn = LambdaFunctionProcess.start(plan, migrate, Map.of(
                     "DB_HOST", "localhost", "DB_PORT", Integer.toString(db.port()), "DB_SSL_MODE", "disable",
                     "DB_NAME", database, "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString()),
                     new ApiCallRecorder(work.resolve("api-calls.jsonl"), "migrate-function"), work)) {
            LocalRuntimeApi.Outcome first = fn.invoke(input, Duration.ofSeconds(120));
            assertThat(first.failed()).as("migrate: %s", first).isFalse();
            JsonNode answer = JSON.readTree(first.body());
            assertThat(answer.path("migrationsExecuted").asInt()).isPositive();
            assertThat(answer.path("migrationsHash").asText())
                    .isEqualTo(invocation.inputs().path("triggers").path("migrationsHash").asText());

            LocalRuntimeApi.Outcome second = fn.invoke(input, Duration.ofSeconds(60));
            assertThat(second.failed()).as("migrate again: %s", second).isFalse();
            assertThat(JSON.readTree(second.body()).path("migrationsExecuted").asInt()).isZero();
            assertThat(JSON.readTree(second.body()).path("version").asText()).isEqualTo(answer.path("version").asText());
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + db.port() + "/" + database,
                TestDatabase.USER, TestDatabase.PASSWORD); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                     + "('ingest_file', 'file_result')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("tables the functions use").isEqualTo(2);
        }
    }
}
