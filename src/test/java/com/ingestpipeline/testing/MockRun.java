package com.ingestpipeline.testing;

import com.ingestpipeline.components.testing.MockWorld;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.pulumi.Context;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;

import java.util.function.Consumer;

/**
 * Runs a piece of Pulumi program under {@link RecordingMocks} and hands back what was registered.
 * Always cleans the test engine up, so one test's run never leaks into the next.
 */
public final class MockRun {
    /** The resources a program registered, and the engine's result (outputs, errors). */
    public record Outcome(RecordingMocks mocks, TestResult result) {
    }

    private MockRun() {
    }

    /** Runs the program; a program error fails the call with the engine's message. */
    public static Outcome run(Consumer<Context> program) {
        return run(MockWorld.standard(), program);
    }

    /** Runs the program and returns even when it failed, for tests of validation errors. */
    public static Outcome runAllowingErrors(Consumer<Context> program) {
        return runAllowingErrors(MockWorld.standard(), program);
    }

    /** Runs the program against a chosen account and region; a program error fails the call. */
    public static Outcome run(MockWorld world, Consumer<Context> program) {
        Outcome outcome = runAllowingErrors(world, program);
        if (!outcome.result().exceptions().isEmpty()) {
            throw new AssertionError("program failed: " + outcome.result().exceptions(),
                outcome.result().exceptions().get(0));
        }
        if (!outcome.result().errors().isEmpty()) {
            throw new AssertionError("program failed: " + outcome.result().errors());
        }
        return outcome;
    }

    /** Runs the program against a chosen account and region, and returns even when it failed. */
    public static Outcome runAllowingErrors(MockWorld world, Consumer<Context> program) {
        RecordingMocks mocks = new RecordingMocks(world);
        try {
            TestResult result = PulumiTest.withMocks(mocks)
                .withOptions(TestOptions.builder().projectName("ingest-pipeline").stackName("test").preview(false)
                    .resourceTransformations(java.util.List.of(mocks.optionsRecorder())).build())
                .runTest(program);
            return new Outcome(mocks, result);
        } finally {
            PulumiTest.cleanup();
        }
    }
}
