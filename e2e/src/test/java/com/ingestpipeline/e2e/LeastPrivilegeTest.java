package com.ingestpipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ingestpipeline.e2e.iam.ApiCallMapping;
import com.ingestpipeline.e2e.iam.Authorization;
import com.ingestpipeline.e2e.iam.PolicySet;
import com.ingestpipeline.e2e.runtime.ApiCallRecorder.ApiCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven on the end-to-end run: every AWS call the ingest function and the worker made (recorded
 * by the SDK interceptor in their JVMs) is mapped to its IAM action and resource and evaluated against the inline
 * policies the plan attaches to their roles. Every call must be allowed, and every granted action must be used by
 * some call or be named in {@link #UNUSED_BY_CODE} with the reason it is granted anyway.
 */
class LeastPrivilegeTest {
    /**
     * Granted actions the code itself never calls, each with who uses it. Keep this short: an entry that no
     * longer matches a grant fails the test, so it cannot outlive the grant it excuses.
     */
    static final Map<String, String> UNUSED_BY_CODE = Map.ofEntries(
            Map.entry("logs:CreateLogStream", "Lambda / the instance's log shipper writes the process's stdout to its log group"),
            Map.entry("logs:PutLogEvents", "Lambda / the instance's log shipper writes the process's stdout to its log group"),
            Map.entry("ec2:CreateNetworkInterface", "the Lambda service attaches the VPC function's ENIs with the function's role"),
            Map.entry("ec2:DescribeNetworkInterfaces", "the Lambda service attaches the VPC function's ENIs with the function's role"),
            Map.entry("ec2:DescribeSubnets", "the Lambda service attaches the VPC function's ENIs with the function's role"),
            Map.entry("ec2:DeleteNetworkInterface", "the Lambda service attaches the VPC function's ENIs with the function's role"),
            Map.entry("ec2:AssignPrivateIpAddresses", "the Lambda service attaches the VPC function's ENIs with the function's role"),
            Map.entry("ec2:UnassignPrivateIpAddresses", "the Lambda service attaches the VPC function's ENIs with the function's role"),
            Map.entry("xray:PutTraceSegments", "active tracing: the Lambda service sends the function's trace segments"),
            Map.entry("xray:PutTelemetryRecords", "active tracing: the Lambda service sends the function's trace segments"),
            Map.entry("s3:ListBucket", "lets S3 answer 404, not 403, when an object is deleted before the HEAD "
                    + "(S3 hides missing keys from callers without ListBucket)"),
            Map.entry("sqs:SendMessage", "Lambda's on-failure destination delivers failed async events with the function's role"),
            Map.entry("s3:GetObject", "ingest: objects without a version id (versioning suspended); worker: the boot script's "
                    + "`aws s3 cp` of the worker jar, not the worker"),
            Map.entry("states:SendTaskFailure", "failure path of the worker (exercised by the worker's own tests and "
                    + "the ASL scenarios), not taken by a clean sample"),
            Map.entry("states:SendTaskHeartbeat", "sent every HEARTBEAT_INTERVAL_SECONDS while a task runs; the sample "
                    + "finishes sooner"));

    private static EndToEndRun run;

    @BeforeAll
    static void runTheFlow() throws Exception {
        run = EndToEndRun.get();
    }

    @Test
    void ingestFunction_callsOnlyWhatItsRoleAllows_andItsRoleGrantsOnlyWhatIsUsed() {
        String role = run.ingestFunction.input("role");
        check("ingest function", policies(role.substring(role.lastIndexOf('/') + 1)), run.functionCalls.calls());
    }

    @Test
    void worker_callsOnlyWhatItsInstanceRoleAllows_andTheRoleGrantsOnlyWhatIsUsed() {
        String profile = run.plan.resource("aws:ec2/instance:Instance", "-worker-0").input("iamInstanceProfile");
        String role = run.plan.resources("aws:iam/instanceProfile:InstanceProfile").stream()
                .filter(p -> p.name().equals(profile)).findFirst().orElseThrow().input("role");
        check("worker", policies(role), run.workerCalls.calls());
    }

    @Test
    void allowList_namesOnlyActionsThatAreGranted() {
        List<String> granted = new ArrayList<>();
        for (Plan.Resource p : run.plan.resources("aws:iam/rolePolicy:RolePolicy")) {
            new PolicySet(p.input("role")).add(p.name(), p.jsonInput("policy")).grants()
                    .forEach(g -> granted.add(g.action()));
        }
        assertThat(granted).containsAll(UNUSED_BY_CODE.keySet());
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
            String status = isUsed ? "used" : UNUSED_BY_CODE.containsKey(g.action())
                    ? "not by the code: " + UNUSED_BY_CODE.get(g.action()) : "UNUSED";
            table.append(String.format("  grant %-32s %-30s %s%n", g.action(), g.policy() + "/" + g.sid(), status));
            if (!isUsed && !UNUSED_BY_CODE.containsKey(g.action())) {
                unused.add(g.action() + " (" + g.policy() + "/" + g.sid() + " on " + g.resources() + ")");
            }
        }
        System.out.println(table);
        assertThat(denied).as("calls the plan's policies do not allow:%s", table).isEmpty();
        assertThat(unused).as("granted but never used and not allow-listed:%s", table).isEmpty();
    }
}
