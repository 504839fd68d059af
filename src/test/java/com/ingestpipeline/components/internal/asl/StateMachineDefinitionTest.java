package com.ingestpipeline.components.internal.asl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateMachineDefinitionTest {
    private static final String ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:a";

    @Test
    void missingTargetsAndMissingStartAreReported() {
        var def = StateMachineDefinition.builder("Begin")
            .state("A", new State.Pass(null, null, null, "Ghost"))
            .build();
        assertThat(def.problems()).contains(
            "StartAt 'Begin' is not a state",
            "state 'A' moves to 'Ghost', which is not a state");
    }

    @Test
    void unreachableStatesAreReported() {
        var def = StateMachineDefinition.builder("A")
            .state("A", new State.Pass(null, null, null, "Done"))
            .state("Orphan", new State.Pass(null, null, null, "Done"))
            .state("Done", new State.Succeed(null))
            .build();
        assertThat(def.problems()).containsExactly("state 'Orphan' is unreachable from StartAt 'A'");
    }

    @Test
    void aLoopWithNoWayOutIsReported() {
        var def = StateMachineDefinition.builder("A")
            .state("A", new State.Pass(null, null, null, "B"))
            .state("B", new State.Pass(null, null, null, "A"))
            .build();
        assertThat(def.problems()).containsExactly("no terminal state (Succeed, Fail or End) is reachable");
    }

    @Test
    void heartbeatNotBelowTimeoutAndMisplacedStatesAllAreReported() {
        var task = State.task(ACTIVITY).timeoutSeconds(60).heartbeatSeconds(60)
            .katch(List.of("States.ALL"), "$.e", "Done")
            .katch(List.of("Worker.Permanent"), "$.e", "Done")
            .next("Done");
        var def = StateMachineDefinition.builder("T").state("T", task).state("Done", new State.Succeed(null)).build();
        assertThat(def.problems()).containsExactly(
            "task 'T': HeartbeatSeconds (60) must be below TimeoutSeconds (60)",
            "task 'T': Catch[0] States.ALL must be alone and last");
    }

    @Test
    void duplicateStateNamesAreRefused() {
        var builder = StateMachineDefinition.builder("A").state("A", new State.Succeed(null));
        assertThatThrownBy(() -> builder.state("A", new State.Succeed(null)))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate state name 'A'");
    }

    @Test
    void payloadMarksPathsAndIntrinsicsAndRefusesMalformedOnes() {
        var p = Payload.of().value("a", "x").path("b", "$.b").intrinsic("c", "States.MathAdd($.c, 1)");
        assertThat(p.json().toString()).isEqualTo("{\"a\":\"x\",\"b.$\":\"$.b\",\"c.$\":\"States.MathAdd($.c, 1)\"}");
        assertThatThrownBy(() -> Payload.of().path("b", "b")).hasMessage("path for b must start with $ (got b)");
        assertThatThrownBy(() -> Payload.of().intrinsic("c", "Math.add(1)"))
            .hasMessage("intrinsic for c must be a States.* function (got Math.add(1))");
    }

    @Test
    void anUnknownTaskResourceHasNoPermissionMapping() {
        var task = State.task("arn:aws:states:::sqs:sendMessage").end();
        assertThatThrownBy(() -> TaskPermissions.required(task, "aws", "us-east-1", "123456789012"))
            .hasMessage("no known IAM mapping for Task resource arn:aws:states:::sqs:sendMessage");
    }

    @Test
    void checksReadPlainJsonTooSuchAsADefinitionTakenFromAPlan() throws Exception {
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"StartAt\":\"A\",\"States\":{"
            + "\"A\":{\"Type\":\"Task\",\"Resource\":\"" + ACTIVITY + "\",\"Next\":\"B\",\"End\":true},"
            + "\"B\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericEquals\":1,\"Next\":\"C\"}],"
            + "\"Default\":\"Gone\"},\"C\":{\"Type\":\"Succeed\"}}}");
        assertThat(AslChecks.problems(doc)).containsExactly(
            "Task state 'A' must have exactly one of Next and End",
            "state 'B' moves to 'Gone', which is not a state");
    }
}
