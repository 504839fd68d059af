package com.ingestpipeline.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.MockWorld;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack as a real account would receive it: the things an expert review found missing (issue 18). */
@SuppressWarnings("unchecked")
class DeployReadinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VOLUME = "aws:ebs/volume:Volume";
    private static final String INSTANCE = "aws:ec2/instance:Instance";

    static StackSettings settings(String stack, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(YamlConfigSource.load(Path.of("."), stack).values());
        overrides.forEach((k, v) -> values.put("ingest-pipeline:" + k, v));
        return StackSettings.load(YamlConfigSource.of(values, "Pulumi." + stack + ".yaml"));
    }

    static RecordingMocks plan(MockWorld world, String stack, Map<String, String> overrides) {
        StackSettings settings = settings(stack, overrides);
        return MockRun.run(world, ctx -> App.stack(ctx, settings)).mocks();
    }

    static JsonNode flowPolicy(RecordingMocks m) throws Exception {
        return JSON.readTree((String) m.single("aws:iam/rolePolicy:RolePolicy", n -> n.equals("test-flow-policy"))
            .input("policy"));
    }

    static boolean grantsCreateGrantOn(JsonNode policy, String key) {
        for (JsonNode st : policy.path("Statement")) {
            if (st.path("Action").toString().contains("kms:CreateGrant") && st.path("Resource").toString().contains(key)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aCustomerManagedDefaultEbsKeyIsNamedOnEveryVolumeAndGrantedToTheWorkflow() throws Exception {
        // GIVEN an account that encrypts EBS by default with its own key, and a stack without kmsKeyArn
        MockWorld world = MockWorld.standard().withCustomerManagedDefaultEbsKey();
        RecordingMocks m = plan(world, "dev", Map.of());
        String key = world.defaultEbsKeyArn();
        // THEN the data and root volumes name that key, and the role that starts the workers may create grants on it
        assertThat(m.ofType(VOLUME)).isNotEmpty().allSatisfy(v -> assertThat(v.input("kmsKeyId")).isEqualTo(key));
        assertThat(m.ofType(INSTANCE)).isNotEmpty().allSatisfy(i ->
            assertThat(((Map<?, ?>) i.input("rootBlockDevice")).get("kmsKeyId")).isEqualTo(key));
        assertThat(grantsCreateGrantOn(flowPolicy(m), key)).isTrue();
        assertThat(m.invokes()).contains("aws:ebs/getDefaultKmsKey:getDefaultKmsKey", "aws:kms/getKey:getKey");
    }

    @Test
    void theAwsManagedDefaultEbsKeyNeedsNoKeyAndNoGrant() throws Exception {
        MockWorld world = MockWorld.standard();
        RecordingMocks m = plan(world, "dev", Map.of());
        assertThat(m.ofType(VOLUME)).isNotEmpty().allSatisfy(v -> assertThat(v.inputs()).doesNotContainKey("kmsKeyId"));
        assertThat(flowPolicy(m).toString()).doesNotContain("kms:CreateGrant");
    }

    @Test
    void theStackKeyWinsOverTheDefaultAndIsGranted() throws Exception {
        String stackKey = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        RecordingMocks m = plan(MockWorld.standard().withCustomerManagedDefaultEbsKey(), "dev",
            Map.of("kmsKeyArn", stackKey));
        assertThat(m.ofType(VOLUME)).allSatisfy(v -> assertThat(v.input("kmsKeyId")).isEqualTo(stackKey));
        assertThat(grantsCreateGrantOn(flowPolicy(m), stackKey)).isTrue();
    }

    @Test
    void everyAlarmOfBothStacksNotifiesTheStacksEncryptedTopic() throws Exception {
        for (String stack : java.util.List.of("dev", "prod")) {
            RecordingMocks m = plan(MockWorld.standard(), stack, Map.of("alarmEmail", "oncall@example.com"));
            Registered topic = m.single("aws:sns/topic:Topic");
            String topicArn = "arn:aws:sns:us-east-1:123456789012:" + topic.name();
            assertThat(m.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).as(stack).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(a -> assertThat((java.util.List<Object>) a.input("alarmActions")).as(a.name()).contains(topicArn));
            Registered key = m.single("aws:kms/key:Key", n -> n.equals("test-alarms-key"));
            // Its own customer key: CloudWatch cannot publish to a topic under the AWS managed aws/sns key.
            assertThat((String) topic.input("kmsMasterKeyId")).startsWith("arn:aws:kms:us-east-1:123456789012:key/")
                .isNotEqualTo("alias/aws/sns");
            assertThat(key.input("enableKeyRotation")).isEqualTo(true);
            JsonNode keyPolicy = JSON.readTree((String) key.input("policy"));
            assertThat(keyPolicy.toString()).contains("cloudwatch.amazonaws.com").contains("kms:GenerateDataKey*");
            JsonNode topicPolicy = JSON.readTree((String) m.single("aws:sns/topicPolicy:TopicPolicy").input("policy"));
            assertThat(topicPolicy.at("/Statement/0/Principal/Service").asText()).isEqualTo("cloudwatch.amazonaws.com");
            assertThat(topicPolicy.at("/Statement/0/Condition/StringEquals/aws:SourceAccount").asText())
                .isEqualTo("123456789012");
            Registered email = m.single("aws:sns/topicSubscription:TopicSubscription");
            assertThat(email.input("protocol")).isEqualTo("email");
            assertThat(email.input("endpoint")).isEqualTo("oncall@example.com");
            assertThat(email.input("topic")).isEqualTo(topicArn);
        }
    }

    @Test
    void anExistingTopicReplacesTheStacksOwn() {
        String existing = "arn:aws:sns:us-east-1:123456789012:ops-pager";
        RecordingMocks m = plan(MockWorld.standard(), "prod", Map.of("alarmTopicArn", existing));
        assertThat(m.ofType("aws:sns/topic:Topic")).isEmpty();
        assertThat(m.ofType("aws:cloudwatch/metricAlarm:MetricAlarm"))
            .allSatisfy(a -> assertThat((java.util.List<Object>) a.input("alarmActions")).contains(existing));
    }

    @Test
    void aBadAlarmSettingIsNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings("dev", Map.of("alarmEmail", "not-an-address",
                "alarmTopicArn", "arn:aws:sqs:us-east-1:123456789012:q")))
            .hasMessageContaining("alarmEmail").hasMessageContaining("alarmTopicArn");
    }

    @Test
    void theWorkersUserDataStaysUnderFifteenKilobytesInBothStacks() {
        // EC2 refuses more than 16 KB; failing at 15 KB shows growth before a deploy does.
        for (String stack : java.util.List.of("dev", "prod")) {
            RecordingMocks m = plan(MockWorld.standard(), stack, Map.of("alarmEmail", "oncall@example.com"));
            assertThat(m.ofType(INSTANCE)).isNotEmpty().allSatisfy(i -> assertThat(
                ((String) i.input("userData")).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .as(stack + " " + i.name()).isLessThan(com.ingestpipeline.components.internal.WorkerUserData.BUDGET_BYTES));
        }
    }
}
