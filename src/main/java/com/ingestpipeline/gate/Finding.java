package com.ingestpipeline.gate;

/** The outcome of one control for one resource. */
public record Finding(String control, String resource, Status status, String why) {
    /** PASS and FAIL are decided from the plan; CHECK cannot be (e.g. a subnet not in this stack) and does not fail. */
    public enum Status { PASS, FAIL, WAIVED, CHECK }

    public static Finding pass(String control, String resource, String why) {
        return new Finding(control, resource, Status.PASS, why);
    }

    public static Finding fail(String control, String resource, String why) {
        return new Finding(control, resource, Status.FAIL, why);
    }

    public static Finding check(String control, String resource, String why) {
        return new Finding(control, resource, Status.CHECK, why);
    }

    /** PASS when {@code ok}, else FAIL; the reason says what was found either way. */
    public static Finding of(String control, String resource, boolean ok, String passWhy, String failWhy) {
        return ok ? pass(control, resource, passWhy) : fail(control, resource, failWhy);
    }
}
