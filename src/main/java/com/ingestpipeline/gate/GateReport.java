package com.ingestpipeline.gate;

import java.util.List;

/** The findings of one gate run and the table printed from them. */
public record GateReport(String stack, List<Finding> findings, List<Waiver> waivers, List<Waiver> unusedWaivers) {
    /** True when no finding failed (waived and unverifiable ones do not fail the gate). */
    public boolean passed() {
        return findings.stream().noneMatch(f -> f.status() == Finding.Status.FAIL);
    }

    public List<Finding> failures() {
        return findings.stream().filter(f -> f.status() == Finding.Status.FAIL).toList();
    }

    /** The findings of one control. */
    public List<Finding> of(String control) {
        return findings.stream().filter(f -> f.control().equals(control)).toList();
    }

    /** A fixed-width table: control, resource, status, why; then waivers and a one-line verdict. */
    public String table() {
        int c = Math.max(7, findings.stream().mapToInt(f -> f.control().length()).max().orElse(0));
        int r = Math.min(48, Math.max(8, findings.stream().mapToInt(f -> f.resource().length()).max().orElse(0)));
        String format = "%-" + c + "s  %-" + r + "s  %-6s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append("Security gate (AWS Security Hub FSBP) for stack ").append(stack).append('\n');
        out.append(String.format(format, "control", "resource", "result", "why"));
        for (Finding f : findings) {
            String resource = f.resource().length() > r ? f.resource().substring(0, r - 1) + "…" : f.resource();
            out.append(String.format(format, f.control(), resource, f.status(), f.why()));
        }
        for (Waiver w : waivers) {
            out.append("waiver: ").append(w.control()).append(" — ").append(w.reason())
                .append(unusedWaivers.contains(w) ? " (nothing failed it: remove the waiver)" : "").append('\n');
        }
        long pass = count(Finding.Status.PASS);
        out.append(String.format("%d pass, %d fail, %d waived, %d to check outside the plan: %s%n", pass,
            count(Finding.Status.FAIL), count(Finding.Status.WAIVED), count(Finding.Status.CHECK),
            passed() ? "GATE PASSED" : "GATE FAILED"));
        return out.toString();
    }

    private long count(Finding.Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}
