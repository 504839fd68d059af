package com.ingestpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.e2e.fakes.FakeSecretsManager;
import com.ingestpipeline.e2e.fakes.FakeStepFunctions;
import com.ingestpipeline.e2e.iam.ApiCallMapping;
import com.ingestpipeline.e2e.iam.Authorization;
import com.ingestpipeline.e2e.iam.PolicySet;
import com.ingestpipeline.e2e.runtime.ApiCallRecorder;
import com.ingestpipeline.e2e.runtime.ChildJvm;
import com.ingestpipeline.e2e.runtime.LambdaFunctionProcess;
import com.ingestpipeline.e2e.runtime.LocalRuntimeApi;
import com.ingestpipeline.functions.common.testing.TestDatabase;
import com.ingestpipeline.functions.common.testing.TestS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.event.ruler.Machine;

/**
 * One upload through EventBridge delivery, from the built jar and the plan of the committed stack that adopts a
 * shared bucket ({@code Pulumi.shared.yaml}): the upload's {@code Object Created} event is routed by the planned
 * rule's own pattern (Event Ruler, the matcher EventBridge runs), handed to the planned function (its jar, handler and
 * environment, in a Lambda-like JVM), and recorded as one row and one execution. The same object's S3 notification
 * then arrives too and changes nothing. The dev stack's run ({@link EndToEndRun}) is the other mode.
 */
class EndToEndEventBridgeTest {
    static final String STACK = "shared";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Plan plan;
    private static Plan.Resource function;
    private static Plan.Resource rule;
    private static String bucket;
    private static String key;
    private static String resultsPrefix;
    private static byte[] eventBridgeEvent;
    private static LocalRuntimeApi.Outcome delivery;
    private static LocalRuntimeApi.Outcome notificationDelivery;
    private static List<Map<String, Object>> rowsAfterDelivery;
    private static List<Map<String, Object>> rowsAfterBoth;
    private static FakeStepFunctions stepFunctions;
    private static ApiCallRecorder calls;

    @BeforeAll
    static void uploadThroughEventBridge() throws Exception {
        plan = Plan.load(STACK);
        function = plan.functionWithHandler(EndToEndRun.INGEST_HANDLER);
        rule = plan.resource("aws:cloudwatch/eventRule:EventRule", "-ingest-object-created");
        bucket = plan.output("bucketName");
        Map<String, String> env = function.environment();
        key = env.get("INPUT_PREFIX") + EndToEndRun.SAMPLE_RELATIVE_KEY;
        resultsPrefix = env.get("RESULTS_PREFIX");

        Path work = Path.of(System.getProperty("e2e.workDir", "target/e2e-work")).toAbsolutePath()
                .resolveSibling("e2e-work-eventbridge");
        Files.createDirectories(work);
        TestDatabase db = TestDatabase.get();
        db.truncate();
        TestS3 s3 = TestS3.get();
        // The adopted bucket exists before the stack; versioned, as a shared landing bucket usually is.
        s3.createVersionedBucket(bucket);
        stepFunctions = new FakeStepFunctions(Duration.ofSeconds(2));
        stepFunctions.stateMachine(env.get("STATE_MACHINE_ARN"));
        FakeSecretsManager secrets = new FakeSecretsManager().put(env.get("DB_SECRET_ARN"), TestDatabase.USER,
                TestDatabase.PASSWORD);
        calls = new ApiCallRecorder(work.resolve("api-calls/ingest-function.jsonl"), "ingest-function");

        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("DB_HOST", "localhost");
        overrides.put("DB_PORT", Integer.toString(db.port()));
        overrides.put("DB_SSL_MODE", "disable");
        if (!TestDatabase.NAME.equals(env.get("DB_NAME"))) {
            overrides.put("DB_NAME", TestDatabase.NAME);
        }
        overrides.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        overrides.put("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString());
        overrides.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString());

        s3.client().putObject(b -> b.bucket(bucket).key(key).contentType("text/csv"),
                RequestBody.fromString(EndToEndRun.SAMPLE_CSV, StandardCharsets.UTF_8));
        HeadObjectResponse head = s3.client().headObject(b -> b.bucket(bucket).key(key));
        String sequencer = String.format("%018X", Instant.now().toEpochMilli() << 8);
        String region = plan.config("aws:region");
        eventBridgeEvent = S3Events.eventBridgeObjectCreated(region, "123456789012", bucket, key, head, sequencer,
                Instant.now());
        byte[] notification = S3Events.objectCreated(region, bucket, key, head, sequencer, "ingest-pipeline-shared",
                Instant.now());

        try (LambdaFunctionProcess fn = LambdaFunctionProcess.start(plan, function, overrides, calls, work)) {
            delivery = fn.invoke(eventBridgeEvent, Duration.ofSeconds(120));
            rowsAfterDelivery = EndToEndRun.rows(db, "SELECT * FROM ingest_file ORDER BY id");
            if (delivery.failed()) {
                throw new AssertionError("EventBridge delivery failed: " + delivery + "; log:\n"
                        + ChildJvm.tail(fn.log(), 40));
            }
            notificationDelivery = fn.invoke(notification, Duration.ofSeconds(60));
            rowsAfterBoth = EndToEndRun.rows(db, "SELECT * FROM ingest_file ORDER BY id");
        }
    }

    private static boolean ruleMatches(byte[] event) throws Exception {
        Machine machine = new Machine();
        machine.addRule(rule.name(), rule.input("eventPattern"));
        return !machine.rulesForJSONEvent(new String(event, StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theAdoptedBucketsPlan_hasNoBucketNotification_andOneRuleOnTheDefaultBus() {
        assertThat(plan.resources("aws:s3/bucketNotification:BucketNotification")).isEmpty();
        assertThat(plan.output("notificationDelivery")).isEqualTo("eventbridge");
        assertThat(rule.inputs().path("eventBusName").asText("default")).isEqualTo("default");
    }

    @Test
    void thePlannedRule_routesTheUpload_butNotResultsOrOtherBuckets() throws Exception {
        assertThat(ruleMatches(eventBridgeEvent)).as("the upload's Object Created event").isTrue();
        String event = new String(eventBridgeEvent, StandardCharsets.UTF_8);
        assertThat(ruleMatches(event.replace(key, resultsPrefix + "1/profile.json").getBytes(StandardCharsets.UTF_8)))
                .as("a result the worker writes").isFalse();
        assertThat(ruleMatches(event.replace("\"" + bucket + "\"", "\"another-bucket\"").getBytes(StandardCharsets.UTF_8)))
                .as("another bucket's object").isFalse();
    }

    @Test
    void theRulesTarget_isThePlannedFunctionsLiveAlias_withTheFailureQueueAsDeadLetterQueue() {
        Plan.Resource target = plan.resource("aws:cloudwatch/eventTarget:EventTarget", "-ingest-object-created-target");
        String functionName = function.inputs().path("name").asText(function.name());
        assertThat(target.input("arn")).endsWith(":function:" + functionName + ":live");
        String queueArn = target.inputs().path("deadLetterConfig").path("arn").asText();
        assertThat(queueArn).endsWith(":" + plan.resource("aws:sqs/queue:Queue", "-ingest-failures").inputs()
                .path("name").asText(plan.resource("aws:sqs/queue:Queue", "-ingest-failures").name()));
        assertThat(target.inputs().path("retryPolicy").path("maximumEventAgeInSeconds").asInt()).isPositive();
    }

    @Test
    void theUpload_isRecordedAsReceived_andStartsOneExecution() {
        assertThat(rowsAfterDelivery).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("status", "received").containsEntry("bucket", bucket).containsEntry("object_key", key)
                .containsEntry("format", "csv"));
        assertThat((String) rowsAfterDelivery.get(0).get("version_id")).isNotEmpty();
        assertThat(stepFunctions.executions()).hasSize(1);
        JsonNode input = readJson(stepFunctions.executions().get(0).input);
        assertThat(input.path("key").asText()).isEqualTo(key);
        assertThat(input.path("bucket").asText()).isEqualTo(bucket);
    }

    @Test
    void theSameObjectsS3Notification_changesNothing() {
        assertThat(notificationDelivery.failed()).as("%s", notificationDelivery).isFalse();
        assertThat(rowsAfterBoth).isEqualTo(rowsAfterDelivery);
        assertThat(stepFunctions.executions()).hasSize(1);
    }

    @Test
    void onlyTheRuleMayInvokeTheAlias_andDeadLetterIntoTheQueue() throws Exception {
        String ruleArn = "arn:aws:events:" + plan.config("aws:region") + ":123456789012:rule/" + rule.inputs()
                .path("name").asText(rule.name());
        List<Plan.Resource> permissions = plan.resources("aws:lambda/permission:Permission").stream()
                .filter(p -> p.input("function").equals(function.inputs().path("name").asText(function.name()))).toList();
        assertThat(permissions).singleElement().satisfies(p -> {
            assertThat(p.input("principal")).isEqualTo("events.amazonaws.com");
            assertThat(p.input("qualifier")).isEqualTo("live");
            assertThat(p.input("sourceArn")).isEqualTo(ruleArn);
        });
        JsonNode queuePolicy = plan.resource("aws:sqs/queuePolicy:QueuePolicy", "-ingest-failures-policy")
                .jsonInput("policy");
        List<String> allows = new ArrayList<>();
        for (JsonNode st : queuePolicy.path("Statement")) {
            if ("Allow".equals(st.path("Effect").asText())) {
                allows.add(st.path("Principal").path("Service").asText() + " " + st.path("Action").asText() + " if "
                        + st.path("Condition").path("ArnEquals").path("aws:SourceArn").asText());
            }
        }
        assertThat(allows).containsExactly("events.amazonaws.com sqs:SendMessage if " + ruleArn);
    }

    @Test
    void theFunction_callsOnlyWhatItsPlannedRoleAllows() {
        String role = function.input("role");
        PolicySet policies = new PolicySet(role.substring(role.lastIndexOf('/') + 1));
        for (Plan.Resource p : plan.resources("aws:iam/rolePolicy:RolePolicy")) {
            if (p.input("role").equals(policies.role())) {
                policies.add(p.name(), p.jsonInput("policy"));
            }
        }
        ApiCallMapping mapping = new ApiCallMapping(plan.config("aws:region"), "123456789012", token -> java.util.Optional.empty());
        List<String> denied = new ArrayList<>();
        int checked = 0;
        for (ApiCallRecorder.ApiCall call : calls.calls()) {
            for (Authorization a : mapping.authorizations(call)) {
                checked++;
                if (!policies.allows(a)) {
                    denied.add(call.service() + "." + call.operation() + " needs " + a.action() + " on " + a.resource());
                }
            }
        }
        assertThat(checked).as("recorded calls of the EventBridge run").isPositive();
        assertThat(denied).isEmpty();
    }

    private static JsonNode readJson(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
