package com.ingestpipeline.cost;

import java.util.List;
import java.util.Locale;

/** The lines of one estimate, their totals, and the printed table. */
public record CostReport(String label, List<CostLine> lines) {
    /** The goal from the issue: the dev layout at no more than a third of the naive one, at idle. */
    public static final double GOAL_RATIO = 1.0 / 3;

    public CostReport {
        lines = List.copyOf(lines);
    }

    public double idleMonthly() {
        return lines.stream().mapToDouble(CostLine::idleMonthly).sum();
    }

    public double perGb() {
        return lines.stream().mapToDouble(CostLine::perGb).sum();
    }

    /** Monthly cost when {@code gbPerMonth} GB are processed. */
    public double monthlyAt(double gbPerMonth) {
        return idleMonthly() + gbPerMonth * perGb();
    }

    public String table() {
        int r = Math.min(40, Math.max(8, lines.stream().mapToInt(l -> l.resource().length()).max().orElse(8)));
        int k = Math.min(40, Math.max(4, lines.stream().mapToInt(l -> l.kind().length()).max().orElse(4)));
        String format = "%-" + r + "s  %-" + k + "s  %10s  %9s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append("Estimated monthly cost, ").append(label).append(" (USD, us-east-1 list prices)\n");
        out.append(String.format(Locale.ROOT, format, "resource", "kind", "idle/month", "per GB", "basis"));
        for (CostLine l : lines) {
            out.append(String.format(Locale.ROOT, format, cut(l.resource(), r), cut(l.kind(), k),
                money(l.idleMonthly()), money(l.perGb()), l.basis()));
        }
        out.append(String.format(Locale.ROOT, format, "total", "", money(idleMonthly()), money(perGb()), ""));
        return out.toString();
    }

    /** One paragraph comparing this estimate with a naive layout of the same stack. */
    public String compareWith(CostReport naive) {
        if (naive.idleMonthly() == 0) {
            return label + ": nothing to compare (the plan has no resources that cost money at idle)\n";
        }
        double ratio = idleMonthly() / naive.idleMonthly();
        return String.format(Locale.ROOT, "%s at idle: %s/month vs naive layout %s/month = %.2f of naive "
                + "(goal <= %.2f: %s); at 100 GB/month: %s vs %s%n", label, money(idleMonthly()),
            money(naive.idleMonthly()), ratio, GOAL_RATIO, ratio <= GOAL_RATIO ? "met" : "MISSED",
            money(monthlyAt(100)), money(naive.monthlyAt(100)));
    }

    static String money(double usd) {
        return usd == 0 ? "-" : usd < 0.01 ? String.format(Locale.ROOT, "$%.4f", usd)
            : String.format(Locale.ROOT, "$%.2f", usd);
    }

    private static String cut(String s, int width) {
        return s.length() > width ? s.substring(0, width - 1) + "…" : s;
    }
}
