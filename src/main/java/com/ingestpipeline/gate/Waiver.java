package com.ingestpipeline.gate;

/** A stack's decision to accept a failing control, with the reason printed beside every finding it covers. */
public record Waiver(String control, String reason) {
    public Waiver {
        if (control == null || control.isBlank()) {
            throw new IllegalArgumentException("waiver: control must name a control id, e.g. RDS.8");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("waiver for " + control + ": reason must say why the control is accepted");
        }
    }
}
