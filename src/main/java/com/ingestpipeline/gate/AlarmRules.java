package com.ingestpipeline.gate;

import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.List;

/** CloudWatch.15 (alarms have actions, and in production someone receives them) and SNS.1 (topics encrypted). */
final class AlarmRules {
    static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final String TOPIC = "aws:sns/topic:Topic";
    static final String SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";

    private AlarmRules() {
    }

    static List<Rule> all() {
        return List.of(
            Rule.of("CloudWatch.15", "CloudWatch alarms should have specified actions configured", AlarmRules::actions),
            Rule.of("SNS.1", "SNS topics should be encrypted at-rest using AWS KMS", AlarmRules::topicEncrypted));
    }

    private static List<Finding> actions(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource alarm : plan.ofType(ALARM)) {
            List<String> actions = alarm.strings("alarmActions");
            out.add(Finding.of("CloudWatch.15", alarm.name(), !actions.isEmpty() && alarm.bool("actionsEnabled", true),
                "alarm actions " + actions, "no alarm action: the alarm changes state and tells nobody"));
        }
        // A production stack whose own topic nobody subscribes to passes the control but still tells nobody: a
        // note, not a failure (the subscriber may be added outside the stack, e.g. a chat integration).
        for (Resource topic : plan.ofType(TOPIC)) {
            boolean subscribed = plan.ofType(SUBSCRIPTION).stream().anyMatch(s -> topic.isReferencedBy(s.str("topic")));
            if (ctx.production() && !subscribed) {
                out.add(Finding.check("CloudWatch.15", topic.name(), "the alarm topic has no subscriber in this stack:"
                    + " set alarmEmail, or alarmTopicArn to a topic someone reads"));
            }
        }
        return out;
    }

    private static List<Finding> topicEncrypted(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource topic : plan.ofType(TOPIC)) {
            String key = topic.str("kmsMasterKeyId");
            out.add(Finding.of("SNS.1", topic.name(), !key.isEmpty(), "encrypted with " + key, "no kmsMasterKeyId"));
        }
        return out;
    }
}
