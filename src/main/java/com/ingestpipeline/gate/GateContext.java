package com.ingestpipeline.gate;

/**
 * What a rule may need beyond the plan. {@code production} turns on the controls that only apply to a
 * production stack (RDS.5 Multi-AZ).
 */
public record GateContext(String stack, boolean production) {
    /** Production when the stack is named {@code prod} or {@code production} (optionally with a suffix, e.g. {@code prod-eu}). */
    public static GateContext forStack(String stack) {
        return new GateContext(stack, stack.matches("(?i)prod(uction)?([-_.].*)?"));
    }
}
