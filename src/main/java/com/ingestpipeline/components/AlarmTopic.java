package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.AwsLocation;
import com.ingestpipeline.components.internal.AlarmTopicPolicies;
import com.ingestpipeline.components.internal.PolicyDocument;
import com.ingestpipeline.components.internal.Tags;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicPolicy;
import com.pulumi.aws.sns.TopicPolicyArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the pipeline's CloudWatch alarms send their notifications: a new SNS topic encrypted with its own KMS key
 * (CloudWatch cannot publish to a topic encrypted with the AWS managed aws/sns key, whose policy cannot grant it),
 * a topic policy that lets only this account's alarms publish, and optionally an e-mail subscriber. Or an existing
 * topic. Either way {@link #topicArn} goes into every alarm's actions.
 */
public final class AlarmTopic extends ComponentResource {
    public static final String TYPE = "ingestpipeline:index:AlarmTopic";

    @Export(name = "topicArn", refs = {String.class})
    public final Output<String> topicArn;

    /** True when someone is told: an e-mail subscriber or a topic the owner brought (and subscribes to). */
    @Export(name = "hasSubscriber", refs = {Boolean.class})
    public final Output<Boolean> hasSubscriber;

    public AlarmTopic(String name, AlarmTopicArgs args, ComponentResourceOptions opts) {
        super(TYPE, name, validated(args), opts);
        Map<String, String> tags = Tags.of(name, args.tags());
        if (args.existingTopicArn().isPresent()) {
            this.topicArn = args.existingTopicArn().get();
            this.hasSubscriber = Output.of(true);
        } else {
            this.topicArn = create(name, args, tags);
            this.hasSubscriber = Output.of(args.email().isPresent());
        }
        registerOutputs(Map.of("topicArn", topicArn, "hasSubscriber", hasSubscriber));
    }

    private static AlarmTopicArgs validated(AlarmTopicArgs args) {
        List<String> problems = new ArrayList<>();
        if (args.existingTopicArn().isPresent() && args.email().isPresent()) {
            problems.add("email subscribes to a created topic; with existingTopicArn subscribe to that topic instead");
        }
        args.email().filter(e -> !e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))
            .ifPresent(e -> problems.add("email must be an e-mail address (got '" + e + "')"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("AlarmTopicArgs: " + String.join("; ", problems));
        }
        return args;
    }

    private Output<String> create(String name, AlarmTopicArgs args, Map<String, String> tags) {
        CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();
        InvokeOptions invoke = InvokeOptions.builder().parent(this).build();
        var caller = Output.tuple(AwsLocation.account(invoke), AwsLocation.lookUp(invoke));
        var key = new Key(name + "-key", KeyArgs.builder()
            .description("Encrypts the alarm notifications of " + name)
            .enableKeyRotation(true)
            .deletionWindowInDays(30)
            .policy(caller.applyValue(t -> PolicyDocument.toJson(AlarmTopicPolicies.keyPolicy(t.t2.partition(),
                t.t1))))
            .tags(tags)
            .build(), child);
        var topic = new Topic(name, TopicArgs.builder()
            .kmsMasterKeyId(key.arn())
            .tags(tags)
            .build(), child);
        new TopicPolicy(name + "-policy", TopicPolicyArgs.builder()
            .arn(topic.arn())
            .policy(Output.tuple(topic.arn(), caller).applyValue(t -> PolicyDocument.toJson(
                AlarmTopicPolicies.topicPolicy(t.t1, t.t2.t2.partition(), t.t2.t2.region(), t.t2.t1))))
            .build(), child);
        args.email().ifPresent(email -> new TopicSubscription(name + "-email", TopicSubscriptionArgs.builder()
            .topic(topic.arn())
            .protocol("email")
            .endpoint(email)
            .build(), child));
        return topic.arn();
    }
}
