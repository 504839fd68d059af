package com.ingestpipeline.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * SQS.1 and SQS.3: the failure queue holds whole S3 events (bucket, key, requester); with EventBridge delivery its
 * policy also lets a service send to it, which must be pinned to the one source.
 */
final class SqsRules {
    static final String QUEUE = "aws:sqs/queue:Queue";
    static final String QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";

    private SqsRules() {
    }

    static List<Rule> all() {
        return List.of(
            Rule.of("SQS.1", "Amazon SQS queues should be encrypted at rest", SqsRules::encrypted),
            Rule.of("SQS.3", "SQS queue access policies should not allow public access", SqsRules::notPublic));
    }

    private static List<Finding> encrypted(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource q : plan.ofType(QUEUE)) {
            boolean sse = q.bool("sqsManagedSseEnabled", false);
            boolean kms = !q.str("kmsMasterKeyId").isEmpty();
            out.add(Finding.of("SQS.1", q.name(), sse || kms, sse ? "SSE-SQS" : "SSE-KMS " + q.str("kmsMasterKeyId"),
                "neither sqsManagedSseEnabled nor kmsMasterKeyId is set"));
        }
        return out;
    }

    /**
     * An Allow to {@code *} or to a service principal needs a condition naming its source ({@code aws:SourceArn} or
     * {@code aws:SourceAccount}); otherwise any account, or any account's resource of that service, may send.
     */
    private static List<Finding> notPublic(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource p : plan.ofType(QUEUE_POLICY)) {
            List<String> open = new ArrayList<>();
            for (JsonNode st : PolicyDocs.statements(p.at("policy"))) {
                if (!"Allow".equals(st.path("Effect").asText())) {
                    continue;
                }
                JsonNode principal = st.path("Principal");
                boolean anyone = "*".equals(principal.asText()) || PolicyDocs.values(principal.path("AWS")).contains("*");
                boolean service = !PolicyDocs.values(principal.path("Service")).isEmpty();
                String condition = st.path("Condition").toString();
                boolean pinned = condition.contains("\"aws:SourceArn\"") || condition.contains("\"aws:SourceAccount\"");
                if ((anyone || service) && !pinned) {
                    open.add(st.path("Sid").asText("(no Sid)") + " allows " + (anyone ? "*" : principal.path("Service"))
                        + " without aws:SourceArn or aws:SourceAccount");
                }
            }
            out.add(open.isEmpty() ? Finding.pass("SQS.3", p.name(), "no unconditioned Allow to * or a service")
                : Finding.fail("SQS.3", p.name(), String.join("; ", open)));
        }
        return out;
    }
}
