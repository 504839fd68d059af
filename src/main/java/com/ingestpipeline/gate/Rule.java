package com.ingestpipeline.gate;

import java.util.List;

/** One AWS Security Hub FSBP control, evaluated over the resources of a plan. */
public interface Rule {
    /** The Security Hub control id, e.g. {@code S3.5}. */
    String control();

    /** The control's title, as Security Hub words it. */
    String title();

    /** One finding per resource the control applies to; empty when none is in the plan. */
    List<Finding> evaluate(PlanView plan, GateContext context);

    /** A rule from a lambda, so each control reads as one small function. */
    static Rule of(String control, String title, Evaluator evaluator) {
        return new Rule() {
            @Override
            public String control() {
                return control;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public List<Finding> evaluate(PlanView plan, GateContext context) {
                return evaluator.evaluate(plan, context);
            }
        };
    }

    @FunctionalInterface
    interface Evaluator {
        List<Finding> evaluate(PlanView plan, GateContext context);
    }
}
