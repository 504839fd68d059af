package com.ingestpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ingestpipeline.e2e.iam.ApiCallMapping;
import com.ingestpipeline.e2e.iam.Authorization;
import com.ingestpipeline.e2e.iam.PolicySet;
import com.ingestpipeline.e2e.runtime.ApiCallRecorder.ApiCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven on the end-to-end run: every AWS call the ingest function and the worker made (recorded
 * by the SDK interceptor in their JVMs) is mapped to its IAM action and resource and evaluated against the inline
 * policies the plan attaches to their roles. Every call must be allowed, and every granted action must be used by
 * some call or be excused in {@link #UNUSED_BY_CODE} for that role, action and resource, with the reason it is
 * granted anyway.
 */
class LeastPrivilegeTest {
    /**
     * A grant the code itself never calls, excused for one role, one action and the resources a pattern matches,
     * with who uses it. Keep the list short: an entry that matches no grant of its role fails the test, so it
     * cannot outlive the grant it excuses, and it never excuses the same action elsewhere.
     */
    record Excused(String role, String action, String resourcePattern, String reason) {
        boolean excuses(String who, PolicySet.Grant g) {
            return role.equals(who) && action.equals(g.action()) && !g.resources().isEmpty()
                    && g.resources().stream().allMatch(r -> r.matches(resourcePattern));
        }
    }

    static final String INGEST = "ingest function";
    static final String WORKER = "worker";
    private static final String ENI = "the Lambda service attaches the VPC function's ENIs with the function's role";
    private static final String TRACES = "active tracing: the Lambda service sends the function's trace segments";
    private static final String LOGS = "Lambda writes the function's stdout to its own log group";

    static final List<Excused> UNUSED_BY_CODE = List.of(
            new Excused(INGEST, "logs:CreateLogStream", "arn:aws:logs:[^:]+:\\d{12}:log-group:[^*]+:\\*", LOGS),
            new Excused(INGEST, "logs:PutLogEvents", "arn:aws:logs:[^:]+:\\d{12}:log-group:[^*]+:\\*", LOGS),
            new Excused(INGEST, "ec2:CreateNetworkInterface",
                    "arn:aws:ec2:[^:]+:\\d{12}:(network-interface|subnet|security-group)/\\*", ENI),
            new Excused(INGEST, "ec2:DescribeNetworkInterfaces", "\\*", ENI),
            new Excused(INGEST, "ec2:DescribeSubnets", "\\*", ENI),
            new Excused(INGEST, "ec2:DeleteNetworkInterface", "arn:aws:ec2:[^:]+:\\d{12}:network-interface/\\*", ENI),
            new Excused(INGEST, "ec2:AssignPrivateIpAddresses", "arn:aws:ec2:[^:]+:\\d{12}:network-interface/\\*", ENI),
            new Excused(INGEST, "ec2:UnassignPrivateIpAddresses", "arn:aws:ec2:[^:]+:\\d{12}:network-interface/\\*", ENI),
            new Excused(INGEST, "xray:PutTraceSegments", "\\*", TRACES),
            new Excused(INGEST, "xray:PutTelemetryRecords", "\\*", TRACES),
            new Excused(INGEST, "s3:ListBucket", "arn:aws:s3:::[^/*]+", "lets S3 answer 404, not 403, when an object "
                    + "is deleted before the HEAD (S3 hides missing keys from callers without ListBucket)"),
            new Excused(INGEST, "sqs:SendMessage", "arn:aws:sqs:[^:]+:\\d{12}:[^*]+",
                    "Lambda's on-failure destination delivers failed async events with the function's role"),
            new Excused(INGEST, "s3:GetObject", "arn:aws:s3:::[^/*]+/[^*]+/\\*",
                    "objects without a version id (versioning suspended); the sample's bucket is versioned"),
            new Excused(WORKER, "s3:GetObject", "arn:aws:s3:::[^/*]+/(?!artifacts/)[^*]+/\\*",
                    "input objects without a version id (unversioned or suspended bucket); the sample's bucket is "
                    + "versioned, so the worker reads with GetObjectVersion"),
            new Excused(WORKER, "s3:GetObject", "arn:aws:s3:::[^/*]+/artifacts/batch-worker/\\*",
                    "the boot script's `aws s3 cp` of the jar pointer and the jar it names, not the worker"),
            new Excused(WORKER, "states:SendTaskFailure", "arn:aws:states:[^:]+:\\d{12}:activity:[^*]+",
                    "failure path of the worker (exercised by the worker's own tests and the ASL scenarios), "
                    + "not taken by a clean sample"),
            new Excused(WORKER, "states:SendTaskHeartbeat", "arn:aws:states:[^:]+:\\d{12}:activity:[^*]+",
                    "sent every HEARTBEAT_INTERVAL_SECONDS while a task runs; the sample finishes sooner"));

    private static EndToEndRun run;

    @BeforeAll
    static void runTheFlow() throws Exception {
        run = EndToEndRun.get();
    }

    @Test
    void ingestFunction_callsOnlyWhatItsRoleAllows_andItsRoleGrantsOnlyWhatIsUsed() {
        check(INGEST, policies(ingestRole()), run.functionCalls.calls());
    }

    @Test
    void worker_callsOnlyWhatItsInstanceRoleAllows_andTheRoleGrantsOnlyWhatIsUsed() {
        check(WORKER, policies(workerRole()), run.workerCalls.calls());
    }

    @Test
    void allowList_excusesOnlyGrantsTheRoleHas() {
        Map<String, PolicySet> roles = Map.of(INGEST, policies(ingestRole()), WORKER, policies(workerRole()));
        for (Excused e : UNUSED_BY_CODE) {
            assertThat(roles.get(e.role()).grants()).as("a grant of the %s role that %s excuses", e.role(), e)
                    .anyMatch(g -> e.excuses(e.role(), g));
        }
    }

    private static String ingestRole() {
        String role = run.ingestFunction.input("role");
        return role.substring(role.lastIndexOf('/') + 1);
    }

    private static String workerRole() {
        String profile = run.plan.resource("aws:ec2/instance:Instance", "-worker-0").input("iamInstanceProfile");
        return run.plan.resources("aws:iam/instanceProfile:InstanceProfile").stream()
                .filter(p -> p.name().equals(profile)).findFirst().orElseThrow().input("role");
    }

    private PolicySet policies(String role) {
        PolicySet set = new PolicySet(role);
        for (Plan.Resource p : run.plan.resources("aws:iam/rolePolicy:RolePolicy")) {
            if (p.input("role").equals(role)) {
                set.add(p.name(), p.jsonInput("policy"));
            }
        }
        assertThat(set.grants()).as("inline policies of role %s", role).isNotEmpty();
        return set;
    }

    private void check(String who, PolicySet policies, List<ApiCall> calls) {
        assertThat(calls).as("%s made no recorded AWS call: is the recorder on its classpath?", who).isNotEmpty();
        ApiCallMapping mapping = new ApiCallMapping(run.plan.config("aws:region"), "123456789012",
                token -> run.stepFunctions.taskByToken(token).map(t -> t.activityArn));
        List<Authorization> used = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        StringBuilder table = new StringBuilder("\nAWS calls of the " + who + " (role " + policies.role() + ")\n");
        table.append(String.format("%-30s %-26s %-7s %s%n", "call", "IAM action", "allowed", "resource"));
        Map<String, Integer> seen = new TreeMap<>();
        for (ApiCall call : calls) {
            for (Authorization a : mapping.authorizations(call)) {
                used.add(a);
                boolean ok = policies.allows(a);
                if (!ok) {
                    denied.add(call.service() + "." + call.operation() + " needs " + a.action() + " on " + a.resource());
                }
                String line = String.format("%-30s %-26s %-7s %s%n", call.service() + "." + call.operation(), a.action(),
                        ok ? "yes" : "NO", a.resource());
                seen.merge(line, 1, Integer::sum);
            }
        }
        seen.forEach((line, n) -> table.append(n > 1 ? line.replaceFirst("\n$", "  (x" + n + ")\n") : line));
        List<String> unused = new ArrayList<>();
        for (PolicySet.Grant g : policies.grants()) {
            boolean isUsed = used.stream().anyMatch(a -> PolicySet.covers(g, a));
            Optional<Excused> excused = UNUSED_BY_CODE.stream().filter(e -> e.excuses(who, g)).findFirst();
            String status = isUsed ? "used" : excused.map(e -> "not by the code: " + e.reason()).orElse("UNUSED");
            table.append(String.format("  grant %-32s %-30s %s%n", g.action(), g.policy() + "/" + g.sid(), status));
            if (!isUsed && excused.isEmpty()) {
                unused.add(g.action() + " (" + g.policy() + "/" + g.sid() + " on " + g.resources() + ")");
            }
        }
        System.out.println(table);
        assertThat(denied).as("calls the plan's policies do not allow:%s", table).isEmpty();
        assertThat(unused).as("granted but never used and not allow-listed:%s", table).isEmpty();
    }
}
