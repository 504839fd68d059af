package com.ingestpipeline.components.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrchestrationPoliciesTest {
    private static final String FN = "arn:aws:lambda:eu-west-1:111122223333:function:status:live";

    @Test
    void trustIsLimitedToStepFunctionsOfTheAccountInItsPartition() throws Exception {
        var trust = new ObjectMapper().readTree(OrchestrationPolicies.trustPolicy(
            new AwsLocation("aws-cn", "cn-north-1", "amazonaws.com.cn", "cn.com.amazonaws"), "111122223333", "prod-flow-sm"));
        var s = trust.get("Statement").get(0);
        assertThat(s.at("/Principal/Service").asText()).isEqualTo("states.amazonaws.com");
        assertThat(s.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo("111122223333");
        assertThat(s.at("/Condition/ArnLike/aws:SourceArn").asText())
            .isEqualTo("arn:aws-cn:states:cn-north-1:111122223333:stateMachine:prod-flow-sm-*");
    }

    @Test
    void serviceWideGrantsAppearOnlyWhenTheirFeatureIsOn() {
        var arns = OrchestrationPolicies.instanceArns(
            new AwsLocation("aws", "eu-west-1", "amazonaws.com", "com.amazonaws"), "111122223333", List.of("i-1"));
        assertThat(arns).containsExactly("arn:aws:ec2:eu-west-1:111122223333:instance/i-1");
        assertThat(OrchestrationPolicies.roleStatements(arns, FN, false, false))
            .extracting(PolicyDocument.Statement::sid).containsExactly("StartWorkerInstances", "InvokeStatusFunction");
        var all = OrchestrationPolicies.roleStatements(arns, FN, true, true);
        assertThat(all).extracting(PolicyDocument.Statement::sid)
            .containsExactly("StartWorkerInstances", "InvokeStatusFunction", "LogDelivery", "XRayTracing");
        assertThat(all.get(1).resources()).as("only the live alias").containsExactly(FN);
        // The only "*" resources carry named actions, never "*" itself, so the renderer accepts them.
        assertThat(PolicyDocument.toJson(all)).doesNotContain("\"Action\":\"*\"");
    }

    @Test
    void noInstancesIsAnErrorNotAnEmptyGrant() {
        assertThatThrownBy(() -> OrchestrationPolicies.roleStatements(List.of(), FN, true, true))
            .hasMessage("OrchestrationFlowArgs: workerInstanceIds must not be empty");
    }
}
