package com.ingestpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ingestpipeline.e2e.iam.ApiCallMapping;
import com.ingestpipeline.e2e.iam.Authorization;
import com.ingestpipeline.e2e.iam.PolicySet;
import com.ingestpipeline.e2e.runtime.ApiCallRecorder.ApiCall;
import com.ingestpipeline.e2e.runtime.WorkerUserData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data perimeter, proven on the end-to-end run: every AWS call the ingest function and the worker made, and
 * every download the worker's user data makes, passes the policy of the VPC endpoint it goes through (the S3
 * gateway endpoint's {@code VpcEndpointPolicy}, the service's interface endpoint), as well as the caller's role.
 * Requests of the stack's roles carry {@code aws:PrincipalAccount} (the plan's account); dnf's repository downloads
 * are unsigned and carry none.
 */
class EndpointPerimeterTest {
    private static final String ACCOUNT = "123456789012";
    private static EndToEndRun run;
    private static WorkerUserData userData;

    @BeforeAll
    static void runTheFlow(@TempDir Path scratch) throws Exception {
        run = EndToEndRun.get();
        userData = WorkerUserData.render(run.plan.resource("aws:ec2/instance:Instance", "-worker-0"), "i-0perimeter", scratch);
    }

    @Test
    void everyRecordedCall_ofTheFunctionAndTheWorker_passesItsEndpointPolicy() {
        List<String> blocked = new ArrayList<>();
        int checked = 0;
        ApiCallMapping mapping = new ApiCallMapping(run.plan.config("aws:region"), ACCOUNT,
                token -> run.stepFunctions.taskByToken(token).map(t -> t.activityArn));
        List<ApiCall> calls = new ArrayList<>(run.functionCalls.calls());
        calls.addAll(run.workerCalls.calls());
        for (ApiCall call : calls) {
            PolicySet endpoint = endpointFor(call.service());
            for (Authorization a : mapping.authorizations(call)) {
                checked++;
                if (!endpoint.allows(byTheAccount(a))) {
                    blocked.add(call.source() + " " + call.service() + "." + call.operation() + ": " + a.action() + " on "
                            + a.resource() + " (endpoint policy " + endpoint.role() + ")");
                }
            }
        }
        assertThat(checked).as("recorded calls").isGreaterThan(5);
        assertThat(blocked).as("calls the endpoint policies would block").isEmpty();
    }

    @Test
    void theUserDatasDownloads_passTheS3EndpointPolicy_andTheWorkerRole() {
        String region = run.plan.config("aws:region");
        // The boot script reads the jar pointer, then the jar and the shipped SQL job it names, which must sit
        // beside the pointer (worker-boot.sh refuses any other key): "<pointer's folder>/<sha256>.jar" and ".sql".
        String bucketArn = "arn:aws:s3:::" + userData.scriptVariable("ARTIFACT_BUCKET") + "/";
        String pointerKey = userData.scriptVariable("ARTIFACT_POINTER_KEY");
        Authorization pointer = new Authorization("s3:GetObject", bucketArn + pointerKey);
        Authorization jar = new Authorization("s3:GetObject", bucketArn
                + pointerKey.substring(0, pointerKey.lastIndexOf('/')) + "/" + "ab".repeat(32) + ".jar");
        Authorization sqlJob = new Authorization("s3:GetObject", bucketArn
                + pointerKey.substring(0, pointerKey.lastIndexOf('/')) + "/" + "cd".repeat(32) + ".sql");
        for (Authorization download : List.of(pointer, jar, sqlJob)) {
            assertThat(endpointFor("S3").allows(byTheAccount(download))).as("aws s3 cp of %s", download).isTrue();
            assertThat(workerRole().allows(download)).as("the worker role may read %s", download).isTrue();
        }
        // dnf install (Java, the CloudWatch agent): unsigned GETs of the region's Amazon Linux 2023 repositories.
        Authorization repo = new Authorization("s3:GetObject", "arn:aws:s3:::al2023-repos-" + region
                + "-de612dc2/core/mirrors/latest/aarch64/mirror.list");
        assertThat(endpointFor("S3").allows(repo)).as("dnf repository download").isTrue();
    }

    @Test
    void thePerimeterSaysNo_toOtherBuckets_otherAccounts_andAnonymousUseOfTheStacksBucket() {
        PolicySet s3 = endpointFor("S3");
        assertThat(s3.allows(byTheAccount(new Authorization("s3:PutObject", "arn:aws:s3:::someone-elses-bucket/x"))))
                .as("exfiltration to another bucket").isFalse();
        Authorization data = new Authorization("s3:GetObject", "arn:aws:s3:::" + run.bucket + "/" + run.key);
        assertThat(s3.allows(byTheAccount(data))).isTrue();
        assertThat(s3.allows(by("210987654321", data))).as("another account's credentials").isFalse();
        assertThat(s3.allows(data)).as("an unsigned request for the stack's data").isFalse();
        Authorization start = new Authorization("states:StartExecution", run.plan.output("stateMachineArn"));
        assertThat(endpointFor("Sfn").allows(by("210987654321", start))).as("another account through states").isFalse();
    }

    /** The policy of the endpoint a call of this SDK service goes through in the planned VPC. */
    private static PolicySet endpointFor(String sdkService) {
        if (sdkService.equals("S3")) {
            Plan.Resource policy = run.plan.resources("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy").stream()
                    .filter(p -> p.input("vpcEndpointId").equals(s3Endpoint().id())).findFirst()
                    .orElseThrow(() -> new AssertionError("no VpcEndpointPolicy on the S3 gateway endpoint"));
            return new PolicySet("s3-gateway").add(policy.name(), policy.jsonInput("policy"));
        }
        String service = switch (sdkService) {
            case "Sfn" -> "states";
            case "SecretsManager" -> "secretsmanager";
            default -> throw new IllegalStateException("no endpoint mapping for SDK service " + sdkService);
        };
        Plan.Resource endpoint = run.plan.resources("aws:ec2/vpcEndpoint:VpcEndpoint").stream()
                .filter(e -> e.input("serviceName").endsWith("." + service)).findFirst()
                .orElseThrow(() -> new AssertionError("the plan has no " + service + " interface endpoint"));
        return new PolicySet(endpoint.name()).add(endpoint.name(), endpoint.jsonInput("policy"));
    }

    private static Plan.Resource s3Endpoint() {
        return run.plan.resources("aws:ec2/vpcEndpoint:VpcEndpoint").stream()
                .filter(e -> e.input("serviceName").endsWith(".s3")).findFirst()
                .orElseThrow(() -> new AssertionError("the plan has no S3 gateway endpoint"));
    }

    private PolicySet workerRole() {
        String profile = run.plan.resource("aws:ec2/instance:Instance", "-worker-0").input("iamInstanceProfile");
        String role = run.plan.resources("aws:iam/instanceProfile:InstanceProfile").stream()
                .filter(p -> p.name().equals(profile)).findFirst().orElseThrow().input("role");
        PolicySet set = new PolicySet(role);
        for (Plan.Resource p : run.plan.resources("aws:iam/rolePolicy:RolePolicy")) {
            if (p.input("role").equals(role)) {
                set.add(p.name(), p.jsonInput("policy"));
            }
        }
        return set;
    }

    private static Authorization byTheAccount(Authorization a) {
        return by(ACCOUNT, a);
    }

    private static Authorization by(String account, Authorization a) {
        Map<String, String> context = new HashMap<>(a.context());
        context.put("aws:PrincipalAccount", account);
        return new Authorization(a.action(), a.resource(), context);
    }
}
