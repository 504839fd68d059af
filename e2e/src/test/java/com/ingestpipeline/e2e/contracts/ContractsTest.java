package com.ingestpipeline.e2e.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.e2e.Plan;
import com.ingestpipeline.e2e.runtime.WorkerUserData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Opcodes;

/**
 * The contracts binding the stack (the offline plan) to the code it uploads: each fails when one side changes
 * without the other. Everything is read from the plan and from the jars the plan points at.
 */
class ContractsTest {
    /** Read by the code but not set by the stack, on purpose. */
    static final Map<String, String> READ_NOT_SET = Map.of(
            "AWS_ENDPOINT_URL_S3", "the SDK's standard endpoint override; unset in AWS, used by the e2e run",
            "AWS_ENDPOINT_URL", "the SDK's standard endpoint override; unset in AWS",
            "AWS_LAMBDA_FUNCTION_NAME", "set by the Lambda service (database application name); defaulted elsewhere",
            "LOG_LEVEL", "fallback for POWERTOOLS_LOG_LEVEL, defaulted to INFO",
            "POWERTOOLS_SERVICE_NAME", "optional log field, defaulted; set where a function's name matters",
            "POWERTOOLS_LOG_LEVEL", "optional, defaulted to INFO");
    /** Set by the stack but not read by the project's code, on purpose. */
    static final Map<String, String> SET_NOT_READ = Map.of(
            "JAVA_TOOL_OPTIONS", "read by the JVM itself (tiered compilation for cold starts)",
            "AWS_REGION", "read by the AWS SDK's region provider (EC2 has no Lambda to set it)");
    private static final int JAVA_21_CLASS_VERSION = 65;

    private static final Map<Path, JarClasses> JARS = new java.util.concurrent.ConcurrentHashMap<>();
    private static Plan plan;
    private static WorkerUserData userData;

    @BeforeAll
    static void load(@TempDir Path scratch) throws Exception {
        plan = Plan.load("dev");
        // With a SQL job, as the boot script sets it from a pointer that names one: it then writes every variable it can.
        userData = WorkerUserData.render(plan.resource("aws:ec2/instance:Instance", "-worker-0"), "i-0contract", scratch,
                Map.of("SQL_JOB_KEY", "artifacts/batch-worker/contract.sql"));
    }

    @Test
    void everyFunction_readsExactlyTheEnvironmentThePlanSets() {
        List<String> problems = new ArrayList<>();
        for (Plan.Resource fn : plan.resources("aws:lambda/function:Function")) {
            JarClasses jar = jar(fn.assetPath("code"));
            String handlerClass = fn.input("handler").split("::")[0].replace('.', '/');
            Set<String> read = jar.envReadsReachableFrom(handlerClass);
            compare(fn.name() + " (" + handlerClass + ")", read, fn.environment().keySet(), problems);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void worker_readsExactlyTheEnvironmentItsBootScriptWrites() {
        JarClasses jar = jar(workerJar());
        Set<String> read = jar.envReadsReachableFrom(userData.mainClass().replace('.', '/'));
        List<String> problems = new ArrayList<>();
        compare("worker (" + userData.mainClass() + ")", read, userData.environmentFile().keySet(), problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void allowLists_nameOnlyVariablesThatAreReadOrSet() {
        Set<String> set = new TreeSet<>(userData.environmentFile().keySet());
        Set<String> read = new TreeSet<>(jar(workerJar()).envReadsReachableFrom(userData.mainClass().replace('.', '/')));
        for (Plan.Resource fn : plan.resources("aws:lambda/function:Function")) {
            set.addAll(fn.environment().keySet());
            read.addAll(jar(fn.assetPath("code")).envReadsReachableFrom(fn.input("handler").split("::")[0].replace('.', '/')));
        }
        assertThat(read).containsAll(READ_NOT_SET.keySet());
        assertThat(set).containsAll(SET_NOT_READ.keySet());
    }

    @Test
    void plannedHandlers_existInTheUploadedJar_asLambdaHandlers() {
        for (Plan.Resource fn : plan.resources("aws:lambda/function:Function")) {
            String[] handler = fn.input("handler").split("::");
            assertThat(handler).as("%s handler '%s' is Class::method", fn.name(), fn.input("handler")).hasSize(2);
            JarClasses jar = jar(fn.assetPath("code"));
            JarClasses.ClassInfo c = jar.get(handler[0].replace('.', '/'));
            assertThat(c).as("%s: class %s in %s", fn.name(), handler[0], jar.jar()).isNotNull();
            assertThat(c.access() & (Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE))
                    .as("%s: %s is a public concrete class", fn.name(), handler[0]).isEqualTo(Opcodes.ACC_PUBLIC);
            assertThat(c.methods().get("<init>()V")).as("%s: public no-arg constructor", handler[0])
                    .isNotNull().matches(a -> (a & Opcodes.ACC_PUBLIC) != 0);
            String stream = "(Ljava/io/InputStream;Ljava/io/OutputStream;Lcom/amazonaws/services/lambda/runtime/Context;)V";
            boolean streamHandler = c.interfaces().contains("com/amazonaws/services/lambda/runtime/RequestStreamHandler")
                    && c.methods().containsKey(handler[1] + stream);
            boolean pojoHandler = c.interfaces().contains("com/amazonaws/services/lambda/runtime/RequestHandler")
                    && c.methods().keySet().stream().anyMatch(m -> m.startsWith(handler[1] + "(")
                    && m.matches(Pattern.quote(handler[1]) + "\\(L[^;]+;Lcom/amazonaws/services/lambda/runtime/Context;\\).+"));
            assertThat(streamHandler || pojoHandler).as("%s: %s is a RequestStreamHandler or RequestHandler method; "
                    + "methods: %s", fn.name(), fn.input("handler"), c.methods().keySet()).isTrue();
        }
    }

    @Test
    void uploadedJars_runOnThePlannedJavaRuntimes() {
        for (Plan.Resource fn : plan.resources("aws:lambda/function:Function")) {
            assertThat(fn.input("runtime")).isEqualTo("java21");
            assertClassVersionsAtMost(jar(fn.assetPath("code")), JAVA_21_CLASS_VERSION, 21);
        }
        Matcher java = Pattern.compile("java-(\\d+)-").matcher(userData.scriptVariable("JAVA_PACKAGE"));
        assertThat(java.find()).as("JAVA_PACKAGE names a Java version: %s", userData.scriptVariable("JAVA_PACKAGE")).isTrue();
        int feature = Integer.parseInt(java.group(1));
        assertClassVersionsAtMost(jar(workerJar()), 44 + feature, feature);
    }

    @Test
    void workerMainClass_inTheUserData_existsInTheWorkerJar() {
        JarClasses.ClassInfo main = jar(workerJar()).get(userData.mainClass().replace('.', '/'));
        assertThat(main).as("%s in %s", userData.mainClass(), workerJar()).isNotNull();
        assertThat(main.methods().get("main([Ljava/lang/String;)V")).as("public static void main(String[])")
                .isNotNull().matches(a -> (a & (Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC)) == (Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC));
        assertThat(userData.execStart()).contains("-cp").contains(userData.mainClass());
    }

    @Test
    void workerJar_theBootScriptFetches_isTheOneTheStackUploads() throws Exception {
        Plan.Resource object = plan.resource("aws:s3/bucketObjectv2:BucketObjectv2", "-worker-jar");
        assertThat(userData.scriptVariable("ARTIFACT_BUCKET")).isEqualTo(object.input("bucket"));
        // The boot script reads the jar's key and hash from the pointer object the stack writes beside it.
        Plan.Resource pointer = plan.resource("aws:s3/bucketObjectv2:BucketObjectv2", "-jar-pointer");
        assertThat(pointer.input("bucket")).isEqualTo(object.input("bucket"));
        assertThat(userData.scriptVariable("ARTIFACT_POINTER_KEY")).isEqualTo(pointer.input("key"));
        String sha = sha256(workerJar());
        assertThat(pointer.input("content")).isEqualTo(object.input("key") + " " + sha + "\n");
        assertThat(object.input("key")).contains(sha);
        for (Plan.Resource fn : plan.resources("aws:lambda/function:Function")) {
            Path code = fn.assetPath("code");
            assertThat(code.getParent().getFileName().toString()).as("content-addressed path of %s", code)
                    .isEqualTo(sha256(code));
        }
    }

    @Test
    void notificationFilter_andResultsPrefix_cannotOverlap() {
        Plan.Resource ingest = plan.functionWithHandler("com.ingestpipeline.functions.ingest.IngestHandler::handleRequest");
        String input = ingest.environment().get("INPUT_PREFIX");
        String results = ingest.environment().get("RESULTS_PREFIX");
        JsonNode rules = plan.resource("aws:s3/bucketNotification:BucketNotification", "-notification")
                .inputs().path("lambdaFunctions");
        assertThat(rules).isNotEmpty();
        for (JsonNode rule : rules) {
            String prefix = rule.path("filterPrefix").asText("");
            assertThat(prefix).as("notification prefix = the function's INPUT_PREFIX").isEqualTo(input);
            assertThat(prefix.isEmpty() || results.startsWith(prefix) || prefix.startsWith(results))
                    .as("filter prefix '%s' and results prefix '%s' overlap: results would re-trigger ingest", prefix, results)
                    .isFalse();
        }
        assertThat(plan.output("resultsPrefix")).isEqualTo(results);
    }

    @Test
    void bucketName_theIngestFunctionIsGiven_isTheBucketWhoseNotificationInvokesIt() {
        Plan.Resource ingest = plan.functionWithHandler("com.ingestpipeline.functions.ingest.IngestHandler::handleRequest");
        String bucket = ingest.environment().get("BUCKET_NAME");
        assertThat(bucket).as("BUCKET_NAME").isNotBlank().isEqualTo(plan.output("bucketName"));
        assertThat(plan.resource("aws:s3/bucketNotification:BucketNotification", "-notification").input("bucket"))
                .as("the bucket that sends the events").isEqualTo(bucket);
    }

    @Test
    void arns_theCodeIsGiven_areTheOnesTheStackCreates() {
        Plan.Resource ingest = plan.functionWithHandler("com.ingestpipeline.functions.ingest.IngestHandler::handleRequest");
        assertThat(ingest.environment().get("STATE_MACHINE_ARN")).isEqualTo(plan.output("stateMachineArn"));
        assertThat(userData.environmentFile().get("ACTIVITY_ARN")).isEqualTo(plan.output("activityArn"));
        JsonNode definition = plan.resource("aws:sfn/stateMachine:StateMachine", "-flow-sm").jsonInput("definition");
        List<String> activityStates = new ArrayList<>();
        definition.path("States").fields().forEachRemaining(e -> {
            if (e.getValue().path("Resource").asText().contains(":activity:")) {
                activityStates.add(e.getValue().path("Resource").asText());
            }
        });
        assertThat(activityStates).containsExactly(plan.output("activityArn"));
        assertThat(userData.environmentFile().get("DB_SECRET_ARN")).isEqualTo(ingest.environment().get("DB_SECRET_ARN"));
    }

    @Test
    void backfill_handsItsBatchesToTheIngestFunction_overTheStacksBucket_andWritesWhereNothingIsIngested() {
        Plan.Resource ingest = plan.functionWithHandler("com.ingestpipeline.functions.ingest.IngestHandler::handleRequest");
        JsonNode map = plan.resource("aws:sfn/stateMachine:StateMachine", "-backfill-sm").jsonInput("definition")
                .path("States").path("ListAndIngest");
        String invoked = map.at("/ItemProcessor/States/IngestBatch/Parameters/FunctionName").asText();
        assertThat(invoked).as("the ingest function's alias, the code path an S3 event takes")
                .matches("arn:aws:lambda:[a-z0-9-]+:\\d{12}:function:" + ingest.name() + ":[A-Za-z0-9_-]+");
        assertThat(map.at("/ItemReader/Parameters/Bucket").asText()).isEqualTo(plan.output("bucketName"));
        assertThat(map.at("/ResultWriter/Parameters/Bucket").asText()).isEqualTo(plan.output("bucketName"));
        String manifest = map.at("/ResultWriter/Parameters/Prefix").asText() + "/";
        assertThat(manifest).as("manifests under RESULTS_PREFIX, which the function skips")
                .startsWith(ingest.environment().get("RESULTS_PREFIX"));
        assertThat(manifest.startsWith(ingest.environment().get("INPUT_PREFIX"))).isFalse();
        assertThat(plan.output("backfillManifestPrefix") + "/").isEqualTo(manifest);
    }

    private static void compare(String who, Set<String> read, Set<String> set, List<String> problems) {
        for (String name : read) {
            if (!set.contains(name) && !READ_NOT_SET.containsKey(name)) {
                problems.add(who + " reads " + name + ", which the stack does not set");
            }
        }
        for (String name : set) {
            if (!read.contains(name) && !SET_NOT_READ.containsKey(name)) {
                problems.add(who + ": the stack sets " + name + ", which the code never reads (reads " + read + ")");
            }
        }
    }

    private static void assertClassVersionsAtMost(JarClasses jar, int major, int feature) {
        List<String> tooNew = jar.all().values().stream().filter(c -> c.majorVersion() > major)
                .map(c -> c.name() + " (class file " + c.majorVersion() + ")").sorted().toList();
        assertThat(tooNew).as("classes in %s that Java %d cannot load", jar.jar(), feature).isEmpty();
    }

    /** Parsed once per jar: the three functions share one. */
    private static JarClasses jar(Path path) {
        return JARS.computeIfAbsent(path, JarClasses::new);
    }

    private static Path workerJar() {
        return plan.resource("aws:s3/bucketObjectv2:BucketObjectv2", "-worker-jar").assetPath("source");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
