package com.ingestpipeline.cost;

/**
 * One resource's share of the estimate: what it costs per month while no file arrives, and what
 * each further GB processed adds. {@code basis} shows the arithmetic so a reader can check it.
 */
public record CostLine(String resource, String kind, double idleMonthly, double perGb, String basis) {
}
