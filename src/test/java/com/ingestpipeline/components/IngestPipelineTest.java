package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.asset.FileArchive;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:flow";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1-abc";
    private static final String FUNCTION = "aws:lambda/function:Function";
    private static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    private static final String NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";

    static DatabaseConnectionArgs.Builder database() {
        return DatabaseConnectionArgs.builder().host("db.example.internal").name("ingest").secretArn(SECRET);
    }

    static IngestPipelineArgs.Builder wired() {
        return IngestPipelineArgs.builder()
            .code(new FileArchive("/tmp/ingest-function.jar"))
            .stateMachineArn(SM)
            .network(NetworkPlacementArgs.builder().vpcId("vpc-0abc").subnetIds(List.of("subnet-a", "subnet-b")).build())
            .database(database().build())
            .tags(TagArgs.of("env", "test"));
    }

    private static MockRun.Outcome run(UnaryOperator<IngestPipelineArgs.Builder> customise) {
        return MockRun.run(ctx -> {
            var pipeline = new IngestPipeline("ip", customise.apply(wired()).build(), null);
            ctx.export("bucketName", pipeline.bucketName);
            ctx.export("bucketArn", pipeline.bucketArn);
            ctx.export("aliasArn", pipeline.aliasArn);
            ctx.export("failureQueueUrl", pipeline.failureQueueUrl);
            ctx.export("failureQueueArn", pipeline.failureQueueArn);
            ctx.export("securityGroupId", pipeline.securityGroupId);
            ctx.export("roleArn", pipeline.roleArn);
            ctx.export("inputPrefix", pipeline.inputPrefix);
            ctx.export("resultsPrefix", pipeline.resultsPrefix);
        });
    }

    private static String output(MockRun.Outcome outcome, String key) {
        return (String) PulumiTest.extractValue(outcome.result().output(key));
    }

    @Test
    void defaults_functionGetsExactlyTheDesignEnvironmentSnapStartAndTheDefaultHandler() {
        RecordingMocks mocks = run(b -> b).mocks();
        Registered fn = mocks.single(FUNCTION);
        assertThat(fn.name()).isEqualTo("ip-fn");
        assertThat(fn.input("handler")).isEqualTo("com.ingestpipeline.functions.ingest.IngestHandler::handleRequest");
        assertThat(fn.input("runtime")).isEqualTo("java21");
        assertThat(fn.input("architectures")).isEqualTo(List.of("arm64"));
        assertThat(fn.input("memorySize")).isEqualTo(1024.0);
        assertThat(fn.input("timeout")).isEqualTo(60.0);
        assertThat(fn.input("snapStart")).isEqualTo(Map.of("applyOn", "PublishedVersions"));
        assertThat(fn.input("tracingConfig")).isEqualTo(Map.of("mode", "Active"));
        assertThat(fn.input("reservedConcurrentExecutions")).isNull();
        assertThat(fn.input("environment")).isEqualTo(Map.of("variables", Map.ofEntries(
            Map.entry("DB_HOST", "db.example.internal"),
            Map.entry("DB_PORT", "5432"),
            Map.entry("DB_NAME", "ingest"),
            Map.entry("DB_SECRET_ARN", SECRET),
            Map.entry("DB_SSL_MODE", "verify-full"),
            Map.entry("BUCKET_NAME", "ip-bucket"),
            Map.entry("STATE_MACHINE_ARN", SM),
            Map.entry("INPUT_PREFIX", "incoming/"),
            Map.entry("RESULTS_PREFIX", "results/"),
            Map.entry("MAX_OBJECT_BYTES", Long.toString(5120L * 1024 * 1024)),
            Map.entry("POWERTOOLS_SERVICE_NAME", "ingest"),
            Map.entry("POWERTOOLS_LOG_LEVEL", "INFO"),
            Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))));
        assertThat(JSON.valueToTree(fn.input("tags")).path("env").asText()).isEqualTo("test");
        assertThat(JSON.valueToTree(fn.input("tags")).path("ingestpipeline:component").asText()).isEqualTo("ip");
    }

    @Test
    void defaults_createASecureBucketNotifyingTheAliasOnlyForTheInputPrefix() {
        MockRun.Outcome outcome = run(b -> b);
        RecordingMocks mocks = outcome.mocks();
        Registered bucket = mocks.single("aws:s3/bucketV2:BucketV2");
        assertThat(bucket.name()).isEqualTo("ip-bucket");
        assertThat(mocks.single("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").input("blockPublicPolicy")).isEqualTo(true);
        assertThat(mocks.single("aws:s3/bucketPolicy:BucketPolicy").input("policy").toString()).contains("aws:SecureTransport");

        Registered notification = mocks.single(NOTIFICATION);
        assertThat(notification.input("bucket")).isEqualTo("ip-bucket");
        assertThat(notification.input("lambdaFunctions")).isEqualTo(List.of(Map.of(
            "lambdaFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:ip-fn:live",
            "events", List.of("s3:ObjectCreated:*"),
            "filterPrefix", "incoming/")));

        Registered permission = mocks.single("aws:lambda/permission:Permission");
        assertThat(permission.inputs()).containsEntry("action", "lambda:InvokeFunction")
            .containsEntry("function", "ip-fn")
            .containsEntry("qualifier", "live")
            .containsEntry("principal", "s3.amazonaws.com")
            .containsEntry("sourceArn", "arn:aws:s3:::ip-bucket")
            .containsEntry("sourceAccount", "123456789012");

        assertThat(output(outcome, "bucketName")).isEqualTo("ip-bucket");
        assertThat(output(outcome, "bucketArn")).isEqualTo("arn:aws:s3:::ip-bucket");
        assertThat(output(outcome, "aliasArn")).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:ip-fn:live");
        assertThat(output(outcome, "inputPrefix")).isEqualTo("incoming/");
        assertThat(output(outcome, "resultsPrefix")).isEqualTo("results/");
        assertThat(output(outcome, "securityGroupId")).isEqualTo(mocks.single("aws:ec2/securityGroup:SecurityGroup").id());
        assertThat(output(outcome, "roleArn")).isEqualTo("arn:aws:iam::123456789012:role/ip-fn-role");
    }

    @Test
    void resultKeys_neverMatchAnyNotificationRule() {
        RecordingMocks mocks = run(b -> b.inputPrefix("in/").resultsPrefix("out/").filterSuffixes(".csv", ".jsonl.gz")).mocks();
        JsonNode rules = JSON.valueToTree(mocks.single(NOTIFICATION).input("lambdaFunctions"));
        assertThat(rules).hasSize(2);
        List<String> resultKeys = List.of("out/42/normalized.jsonl.gz", "out/42/profile.json", "out/7/a.csv");
        List<String> triggered = new ArrayList<>();
        for (JsonNode rule : rules) {
            assertThat(rule.path("events")).hasSize(1);
            assertThat(rule.path("events").get(0).asText()).isEqualTo("s3:ObjectCreated:*");
            for (String key : resultKeys) {
                if (key.startsWith(rule.path("filterPrefix").asText()) && key.endsWith(rule.path("filterSuffix").asText())) {
                    triggered.add(key);
                }
            }
        }
        assertThat(triggered).isEmpty();
        assertThat(rules.get(0).path("filterPrefix").asText()).isEqualTo("in/");
        assertThat(rules.get(0).path("filterSuffix").asText()).isEqualTo(".csv");
        assertThat(rules.get(1).path("filterSuffix").asText()).isEqualTo(".jsonl.gz");
    }

    @Test
    void overlappingPrefixes_areRejectedEitherWay() {
        assertThatThrownBy(() -> IngestPipelineDefaults.resolve(wired().inputPrefix("data/").resultsPrefix("data/results/").build()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("IngestPipelineArgs: inputPrefix and resultsPrefix must not overlap, neither may start with the other "
                + "(got 'data/' and 'data/results/')");
        assertThatThrownBy(() -> IngestPipelineDefaults.resolve(wired().inputPrefix("out/in/").resultsPrefix("out/").build()))
            .hasMessageContaining("must not overlap");
        assertThatThrownBy(() -> IngestPipelineDefaults.resolve(wired().inputPrefix("same/").resultsPrefix("same/").build()))
            .hasMessageContaining("must not overlap");
    }

    @Test
    void asyncFailures_retryThenLandInAnEncryptedTlsOnlyQueueWithAlarms() throws Exception {
        MockRun.Outcome outcome = run(b -> b);
        RecordingMocks mocks = outcome.mocks();
        Registered queue = mocks.single("aws:sqs/queue:Queue");
        assertThat(queue.name()).isEqualTo("ip-failures");
        assertThat(queue.input("sqsManagedSseEnabled")).isEqualTo(true);
        assertThat(queue.input("messageRetentionSeconds")).isEqualTo(1_209_600.0);
        String queueArn = "arn:aws:sqs:us-east-1:123456789012:ip-failures";
        assertThat(output(outcome, "failureQueueArn")).isEqualTo(queueArn);
        assertThat(output(outcome, "failureQueueUrl")).isEqualTo(queue.id());

        JsonNode queuePolicy = JSON.readTree((String) mocks.single("aws:sqs/queuePolicy:QueuePolicy").input("policy"));
        assertThat(queuePolicy.at("/Statement/0/Effect").asText()).isEqualTo("Deny");
        assertThat(queuePolicy.at("/Statement/0/Resource").asText()).isEqualTo(queueArn);
        assertThat(queuePolicy.at("/Statement/0/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");

        Registered async = mocks.single("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
        assertThat(async.inputs()).containsEntry("functionName", "ip-fn").containsEntry("qualifier", "live")
            .containsEntry("maximumRetryAttempts", 2.0).containsEntry("maximumEventAgeInSeconds", 3600.0);
        assertThat(async.input("destinationConfig")).isEqualTo(Map.of("onFailure", Map.of("destination", queueArn)));

        Registered depth = mocks.single("aws:cloudwatch/metricAlarm:MetricAlarm", n -> n.equals("ip-failures-alarm"));
        assertThat(depth.inputs()).containsEntry("namespace", "AWS/SQS")
            .containsEntry("metricName", "ApproximateNumberOfMessagesVisible")
            .containsEntry("dimensions", Map.of("QueueName", "ip-failures"))
            .containsEntry("threshold", 0.0).containsEntry("comparisonOperator", "GreaterThanThreshold");
        Registered errors = mocks.single("aws:cloudwatch/metricAlarm:MetricAlarm", n -> n.equals("ip-errors-alarm"));
        assertThat(errors.inputs()).containsEntry("namespace", "AWS/Lambda").containsEntry("metricName", "Errors")
            .containsEntry("dimensions", Map.of("FunctionName", "ip-fn"))
            .containsEntry("threshold", 1.0).containsEntry("comparisonOperator", "GreaterThanOrEqualToThreshold");
        assertThat(errors.input("alarmActions")).isEqualTo(List.of());
    }

    @Test
    void functionRole_grantsOnlyScopedStatementsBeyondTheVpcLambdaBase() throws Exception {
        RecordingMocks mocks = run(b -> b).mocks();
        assertThat(mocks.ofType(ROLE_POLICY)).as("no worker role given: only the function's policy").hasSize(1);
        JsonNode st = JSON.readTree((String) mocks.single(ROLE_POLICY).input("policy")).get("Statement");
        assertThat(st).hasSize(10);
        // The VpcLambda base (logs, two ENI grants, network describes, X-Ray) comes first; the rest is looked up by Sid.
        assertThat(sids(st).subList(5, 10)).containsExactlyInAnyOrder("ReadInputObjects", "StartWorkflow",
            "ReadDatabaseSecret", "SendToFailureQueue", "ListInputPrefix");
        assertThat(texts(bySid(st, "ReadInputObjects").get("Action"))).containsExactly("s3:GetObject", "s3:GetObjectVersion");
        assertThat(bySid(st, "ReadInputObjects").get("Resource").asText()).isEqualTo("arn:aws:s3:::ip-bucket/incoming/*");
        assertThat(bySid(st, "StartWorkflow").get("Action").asText()).isEqualTo("states:StartExecution");
        assertThat(bySid(st, "StartWorkflow").get("Resource").asText()).isEqualTo(SM);
        assertThat(bySid(st, "ReadDatabaseSecret").get("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(bySid(st, "ReadDatabaseSecret").get("Resource").asText()).isEqualTo(SECRET);
        assertThat(bySid(st, "SendToFailureQueue").get("Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(bySid(st, "SendToFailureQueue").get("Resource").asText())
            .isEqualTo("arn:aws:sqs:us-east-1:123456789012:ip-failures");
        JsonNode list = bySid(st, "ListInputPrefix");
        assertThat(list.get("Action").asText()).isEqualTo("s3:ListBucket");
        assertThat(list.get("Resource").asText()).isEqualTo("arn:aws:s3:::ip-bucket");
        assertThat(list.at("/Condition/StringLikeIfExists/s3:prefix").asText()).isEqualTo("incoming/*");
        for (int i = 5; i < st.size(); i++) {
            assertThat(texts(st.get(i).get("Resource"))).doesNotContain("*");
        }
    }

    @Test
    void databaseSecretUnderACustomerKey_isDecryptableOnlyThroughSecretsManager() throws Exception {
        String key = "arn:aws:kms:us-east-1:123456789012:key/db";
        RecordingMocks mocks = run(b -> b.database(database().secretKmsKeyArn(key).build())).mocks();
        JsonNode st = JSON.readTree((String) mocks.single(ROLE_POLICY).input("policy")).get("Statement");
        JsonNode decrypt = null;
        for (JsonNode s : st) {
            if ("DecryptDatabaseSecret".equals(s.path("Sid").asText())) {
                decrypt = s;
            }
        }
        assertThat(decrypt).as("a kms:Decrypt grant for the secret's key").isNotNull();
        assertThat(decrypt.get("Action").asText()).isEqualTo("kms:Decrypt");
        assertThat(decrypt.get("Resource").asText()).isEqualTo(key);
        assertThat(decrypt.at("/Condition/StringEquals/kms:ViaService").asText())
            .isEqualTo("secretsmanager.us-east-1.amazonaws.com");
    }

    @Test
    void workerRole_getsReadOnInputAndWriteOnResultsOnly() throws Exception {
        RecordingMocks mocks = run(b -> b.workerRoleName("worker-role")).mocks();
        Registered grant = mocks.single(ROLE_POLICY, n -> n.equals("ip-worker-access"));
        assertThat(grant.input("role")).isEqualTo("worker-role");
        JsonNode st = JSON.readTree((String) grant.input("policy")).get("Statement");
        assertThat(st).hasSize(2);
        assertThat(texts(st.get(0).get("Action"))).containsExactly("s3:GetObject", "s3:GetObjectVersion");
        assertThat(st.get(0).get("Resource").asText()).isEqualTo("arn:aws:s3:::ip-bucket/incoming/*");
        assertThat(texts(st.get(1).get("Action"))).containsExactly("s3:PutObject");
        assertThat(st.get(1).get("Resource").asText()).isEqualTo("arn:aws:s3:::ip-bucket/results/*");
    }

    @Test
    void existingBucket_withS3DeliveryAndOwnBucketNotifications_isNotCreatedButNotifiedPermittedAndScoped()
            throws Exception {
        MockRun.Outcome outcome = run(b -> b.existingBucketName("corp-landing").notificationDelivery("s3")
            .ownBucketNotifications(true).workerRoleName("worker-role"));
        RecordingMocks mocks = outcome.mocks();
        assertThat(mocks.ofType("aws:s3/bucketV2:BucketV2")).isEmpty();
        assertThat(mocks.ofType("aws:s3/bucketPolicy:BucketPolicy")).isEmpty();
        assertThat(mocks.single(NOTIFICATION).input("bucket")).isEqualTo("corp-landing");
        assertThat(JSON.valueToTree(mocks.single(FUNCTION).input("environment")).path("variables").path("BUCKET_NAME")
            .asText()).as("the only bucket the function reads").isEqualTo("corp-landing");
        assertThat(mocks.single("aws:lambda/permission:Permission").input("sourceArn")).isEqualTo("arn:aws:s3:::corp-landing");
        JsonNode st = JSON.readTree((String) mocks.single(ROLE_POLICY, n -> n.equals("ip-fn-policy")).input("policy"))
            .get("Statement");
        assertThat(bySid(st, "ReadInputObjects").get("Resource").asText()).isEqualTo("arn:aws:s3:::corp-landing/incoming/*");
        assertThat(output(outcome, "bucketName")).isEqualTo("corp-landing");
        assertThat(output(outcome, "bucketArn")).isEqualTo("arn:aws:s3:::corp-landing");
    }

    @Test
    void overrides_applyOnTopOfTheDefaults() throws Exception {
        RecordingMocks mocks = run(b -> b
            .handler("com.example.Custom::handle").runtime("java17").memoryMb(2048).timeoutSeconds(120)
            .snapStart(false).reservedConcurrency(10).logRetentionDays(90).logLevel("DEBUG").maxObjectMegabytes(10)
            .maxRetryAttempts(0).maxEventAgeSeconds(600).failureQueueRetentionSeconds(86400)
            .alarmActionArns(List.of("arn:aws:sns:us-east-1:123456789012:ops")).errorAlarmThreshold(5)
            .database(database().port(6432).sslMode("require").securityGroupId("sg-0db").build())
            .workerRoleName("worker-role")
            .bucket(IngestBucketArgs.builder().bucketName("my-ingest").forceDestroy(true)
                .kmsKeyArn("arn:aws:kms:us-east-1:123456789012:key/k1").build())).mocks();
        Registered fn = mocks.single(FUNCTION);
        assertThat(fn.inputs()).containsEntry("handler", "com.example.Custom::handle").containsEntry("runtime", "java17")
            .containsEntry("memorySize", 2048.0).containsEntry("timeout", 120.0)
            .containsEntry("reservedConcurrentExecutions", 10.0).doesNotContainKey("snapStart");
        JsonNode env = JSON.valueToTree(fn.input("environment")).path("variables");
        assertThat(env.path("DB_PORT").asText()).isEqualTo("6432");
        assertThat(env.path("DB_SSL_MODE").asText()).isEqualTo("require");
        assertThat(env.path("POWERTOOLS_LOG_LEVEL").asText()).isEqualTo("DEBUG");
        assertThat(env.path("MAX_OBJECT_BYTES").asText()).isEqualTo("10485760");
        assertThat(mocks.single("aws:cloudwatch/logGroup:LogGroup").input("retentionInDays")).isEqualTo(90.0);
        assertThat(mocks.single("aws:sqs/queue:Queue").input("messageRetentionSeconds")).isEqualTo(86400.0);
        assertThat(mocks.single("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs())
            .containsEntry("maximumRetryAttempts", 0.0).containsEntry("maximumEventAgeInSeconds", 600.0);
        for (Registered alarm : mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
            assertThat(alarm.input("alarmActions")).isEqualTo(List.of("arn:aws:sns:us-east-1:123456789012:ops"));
        }
        assertThat(mocks.single("aws:cloudwatch/metricAlarm:MetricAlarm", n -> n.endsWith("errors-alarm"))
            .input("threshold")).isEqualTo(5.0);
        Registered ingress = mocks.single("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assertThat(ingress.inputs()).containsEntry("securityGroupId", "sg-0db").containsEntry("fromPort", 6432.0);
        assertThat(mocks.single("aws:s3/bucketV2:BucketV2").inputs()).containsEntry("bucket", "my-ingest")
            .containsEntry("forceDestroy", true);

        JsonNode fnPolicy = JSON.readTree((String) mocks.single(ROLE_POLICY, n -> n.equals("ip-fn-policy")).input("policy"));
        JsonNode last = fnPolicy.get("Statement").get(fnPolicy.get("Statement").size() - 1);
        assertThat(last.get("Action").asText()).isEqualTo("kms:Decrypt");
        assertThat(last.get("Resource").asText()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/k1");
        JsonNode worker = JSON.readTree((String) mocks.single(ROLE_POLICY, n -> n.equals("ip-worker-access")).input("policy"));
        assertThat(texts(worker.at("/Statement/2/Action"))).containsExactly("kms:Decrypt", "kms:GenerateDataKey");
    }

    @Test
    void bundledCode_isTheDefault() throws Exception {
        RecordingMocks mocks = MockRun.run(ctx -> new IngestPipeline("ip", wired().code(null).build(), null)).mocks();
        Object code = mocks.single(FUNCTION).input("code");
        // FileArchive keeps its path in a protected field of AssetOrArchive; the mocks hand back the object itself.
        var value = com.pulumi.asset.AssetOrArchive.class.getDeclaredField("value");
        value.setAccessible(true);
        assertThat(value.get(code)).isEqualTo(
            com.ingestpipeline.components.internal.BundledArtifacts.ingestFunction().path().toString());
    }

    @Test
    void componentNamesThatAwsWouldRefuseForTheBucketOrRole_failBeforeAnythingIsCreated() {
        // A stack named "dev_eu" becomes "dev_eu-ingest": S3 refuses the underscore only when the bucket is created.
        assertThatThrownBy(() -> new IngestPipeline("dev_eu-ingest", wired().build(), null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("IngestPipeline name 'dev_eu-ingest': an auto-named S3 bucket may hold only letters, digits, "
                + "hyphens and dots and must start with a letter or digit (got 'dev_eu-ingest')");
        String longName = "a".repeat(49);
        assertThatThrownBy(() -> new IngestPipeline(longName, wired().build(), null))
            .hasMessage("IngestPipeline name '" + longName + "': its function role would be named '" + longName
                + "-fn-role-' plus 7 random characters (65), over AWS's limit of 64; shorten the name by 1 character(s); "
                + "its bucket would be named '" + longName + "-bucket-' plus 7 random characters (64), over AWS's "
                + "limit of 63; shorten the name by 1 character(s)");
        // A fixed bucket name is the caller's to choose; only the function's names remain derived.
        assertThat(MockRun.run(ctx -> new IngestPipeline("dev_eu-ingest",
            wired().bucket(IngestBucketArgs.builder().bucketName("corp-landing").build()).build(), null))
            .mocks().ofType("aws:s3/bucketV2:BucketV2")).hasSize(1);
    }

    @Test
    void invalidArgs_reportEveryProblemInOneMessage() {
        var args = IngestPipelineArgs.builder()
            .existingBucketName("b").bucket(IngestBucketArgs.builder().build())
            .inputPrefix("/in").resultsPrefix("").filterSuffixes(".csv", ".csv")
            .memoryMb(64).maxRetryAttempts(3).logRetentionDays(10)
            .database(DatabaseConnectionArgs.builder().sslMode("prefer").build()).build();
        assertThatThrownBy(() -> new IngestPipeline("ip", args, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("IngestPipelineArgs: stateMachineArn is required; network.vpcId is required; "
                + "network.subnetIds is required; database.host is required; database.name is required; "
                + "database.secretArn is required; "
                + "database.sslMode must be one of [verify-full, verify-ca, require] (got prefer); "
                + "existingBucketName and bucket are mutually exclusive (use an existing bucket or settings for a new one); "
                + "inputPrefix must not start with '/' (S3 keys have no leading slash; got '/in'); "
                + "resultsPrefix must not be empty; "
                + "filterSuffixes contains '.csv' twice; "
                + "memoryMb must be 128..10240 (got 64); "
                + "logRetentionDays must be one of " + com.ingestpipeline.components.internal.LogRetention.DAYS
                + " (got 10); "
                + "maxRetryAttempts must be 0..2 (got 3)");
    }

    @Test
    void prefixWithoutTrailingSlash_andMissingArgs_areRejected() {
        assertThatThrownBy(() -> IngestPipelineDefaults.resolve(wired().inputPrefix("incoming").build()))
            .hasMessage("IngestPipelineArgs: inputPrefix must end with '/' (got 'incoming')");
        assertThatThrownBy(() -> IngestPipelineDefaults.resolve(null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("IngestPipelineArgs: args are required");
        assertThatThrownBy(() -> IngestPipelineDefaults.resolve(wired().runtime("nodejs22.x").build()))
            .hasMessage("IngestPipelineArgs: snapStart needs a Java, Python or .NET runtime (got nodejs22.x); set snapStart to false");
    }

    private static List<String> sids(JsonNode statements) {
        List<String> out = new java.util.ArrayList<>();
        statements.forEach(s -> out.add(s.path("Sid").asText()));
        return out;
    }

    private static JsonNode bySid(JsonNode statements, String sid) {
        for (JsonNode s : statements) {
            if (sid.equals(s.path("Sid").asText())) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + statements);
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
