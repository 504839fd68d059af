package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.internal.asl.IngestWorkflow;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Executions that stop without RecordFailure still mark their file failed; the timeout covers the retry budget. */
class OrchestrationFlowStoppedExecutionsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void timedOutAbortedAndFailedExecutionsReachTheStatusFunctionsLiveAlias() throws Exception {
        RecordingMocks m = OrchestrationFlowTest.run(OrchestrationFlowTest.required().build()).mocks();
        Registered sm = m.single("aws:sfn/stateMachine:StateMachine");
        Registered alias = m.single("aws:lambda/alias:Alias", n -> n.startsWith("flow-status"));
        String smArn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + sm.id().substring(sm.id().lastIndexOf(':') + 1);

        Registered rule = m.single("aws:cloudwatch/eventRule:EventRule");
        JsonNode pattern = json.readTree((String) rule.input("eventPattern"));
        assertThat(pattern.at("/source/0").asText()).isEqualTo("aws.states");
        assertThat(pattern.at("/detail-type/0").asText()).isEqualTo("Step Functions Execution Status Change");
        assertThat(pattern.at("/detail/status").toString()).isEqualTo("[\"TIMED_OUT\",\"ABORTED\",\"FAILED\"]");
        assertThat(pattern.at("/detail/stateMachineArn/0").asText()).isEqualTo(smArn);

        Registered target = m.single("aws:cloudwatch/eventTarget:EventTarget");
        assertThat(target.input("rule")).isEqualTo(rule.id());
        String aliasArn = "arn:aws:lambda:us-east-1:123456789012:function:" + alias.input("functionName") + ":"
            + alias.input("name");
        assertThat(target.input("arn")).isEqualTo(aliasArn);

        Registered permission = m.single("aws:lambda/permission:Permission");
        assertThat(permission.input("principal")).isEqualTo("events.amazonaws.com");
        assertThat(permission.input("action")).isEqualTo("lambda:InvokeFunction");
        assertThat(permission.input("qualifier")).isEqualTo(alias.input("name"));
        assertThat(permission.input("sourceArn")).isEqualTo("arn:aws:events:us-east-1:123456789012:rule/" + rule.id());
        // The target is only added once EventBridge may invoke the function.
        assertThat(m.dependsOn(target)).contains(permission.name());
    }

    @Test
    void anUnsetExecutionTimeoutCoversTheWorstCaseRetryBudget() throws Exception {
        // prod's numbers: 7200 s tasks, 3 restarts, 3 transient retries: 115,200 s of task time alone.
        RecordingMocks m = OrchestrationFlowTest.run(OrchestrationFlowTest.required()
            .taskTimeoutSeconds(7200).maxWorkerRestarts(3).build()).mocks();
        JsonNode def = json.readTree((String) m.single("aws:sfn/stateMachine:StateMachine").input("definition"));
        long budget = IngestWorkflow.worstCaseSeconds(7200, 3, 3, 30, 600);
        assertThat(budget).isGreaterThan(4L * 4 * 7200);
        assertThat(def.get("TimeoutSeconds").asLong()).isGreaterThanOrEqualTo(budget);
    }

    @Test
    void anExecutionTimeoutBelowTheBudgetIsRefusedNamingTheKeys() {
        var outcome = MockRun.runAllowingErrors(ctx -> new OrchestrationFlow("flow", OrchestrationFlowTest.required()
            .taskTimeoutSeconds(7200).maxWorkerRestarts(3).executionTimeoutSeconds(86_400).build(), null));
        assertThat(outcome.mocks().resources()).isEmpty();
        assertThat(String.valueOf(outcome.result().exceptions()))
            .contains("executionTimeoutSeconds (86400) is below the retry budget")
            .contains("maxWorkerRestarts 3").contains("transientRetryAttempts 3").contains("taskTimeoutSeconds 7200");
    }
}
