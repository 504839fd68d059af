package com.ingestpipeline.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.gate.PlanView;
import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static com.ingestpipeline.cost.Assumptions.HOURS_PER_MONTH;

/**
 * Estimates the monthly cost of a plan at idle and per GB processed, resource by resource, from the
 * {@link PriceTable}. Resources that cost nothing on their own (IAM, security groups, routes) are left out.
 */
public final class CostEstimator {
    static final String EC2 = "aws:ec2/instance:Instance";
    static final String VOLUME = "aws:ebs/volume:Volume";
    static final String RDS = "aws:rds/instance:Instance";
    static final String PROXY = "aws:rds/proxy:Proxy";
    static final String SECRET = "aws:secretsmanager/secret:Secret";
    static final String KMS = "aws:kms/key:Key";
    static final String ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    static final String NAT = "aws:ec2/natGateway:NatGateway";
    static final String EIP = "aws:ec2/eip:Eip";
    static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final String FUNCTION = "aws:lambda/function:Function";
    static final String NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
    static final String EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
    static final String EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
    static final String STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";
    static final String BUCKET = "aws:s3/bucketV2:BucketV2";
    static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
    static final String SUBNET = "aws:ec2/subnet:Subnet";

    private final PriceTable prices;
    private final Assumptions assume;

    public CostEstimator(PriceTable prices, Assumptions assumptions) {
        this.prices = prices;
        this.assume = assumptions;
    }

    /** The estimate for the plan as it is. */
    public CostReport estimate(String label, JsonNode plan) {
        PlanView view = PlanView.of(plan);
        List<CostLine> lines = new ArrayList<>();
        for (Resource r : view.all()) {
            switch (r.type()) {
                case EC2 -> lines.addAll(instance(r, assume.workerAlwaysOn()));
                case VOLUME -> lines.add(volume(r.name(), r.str("type"), r.num("size", 8), r.num("iops", 3000),
                    r.num("throughput", 125)));
                case RDS -> lines.addAll(database(r));
                case PROXY -> lines.add(proxy(r, view));
                case SECRET -> lines.add(fixed(r, "secret", "secretsmanager.secret"));
                case KMS -> lines.add(fixed(r, "KMS key", "kms.key"));
                case ENDPOINT -> endpoint(r).ifPresent(lines::add);
                case NAT -> lines.add(nat(r.name()));
                case EIP -> lines.add(hourly(r.name(), "public IPv4", "vpc.public-ipv4.hour", 1));
                case ALARM -> lines.add(fixed(r, "alarm", "cloudwatch.alarm"));
                case FUNCTION -> lines.add(function(r, view));
                case STATE_MACHINE -> lines.add(stateMachine(r));
                case BUCKET -> lines.add(bucket(r, view));
                case EVENT_RULE -> s3Events(r).ifPresent(lines::add);
                default -> { }
            }
        }
        if (!view.ofType(LOG_GROUP).isEmpty()) {
            double gbPerGb = assume.filesPerGb() * assume.logMbPerFile() / 1024;
            lines.add(new CostLine("log groups (" + view.ofType(LOG_GROUP).size() + ")", "CloudWatch Logs", 0,
                gbPerGb * prices.usd("logs.ingest"), fmt(gbPerGb) + " GB logs/GB × $" + prices.usd("logs.ingest")));
        }
        return new CostReport(label, lines);
    }

    /**
     * The same stack laid out the naive way: a NAT gateway (with its public IPv4) per AZ instead of
     * interface endpoints, S3 traffic through the NAT, and the worker running all month.
     */
    public CostReport naive(String label, JsonNode plan) {
        PlanView view = PlanView.of(plan);
        CostEstimator alwaysOn = new CostEstimator(prices, assume.withWorkerAlwaysOn(true));
        List<CostLine> lines = new ArrayList<>();
        for (CostLine line : alwaysOn.estimate(label, plan).lines()) {
            if (!line.kind().startsWith("interface endpoint")) {
                lines.add(line);
            }
        }
        int azs = azCount(view);
        double trafficGb = 1 + assume.outputRatio();
        for (int i = 0; i < azs; i++) {
            CostLine nat = nat("nat-gateway-az" + (i + 1));
            lines.add(new CostLine(nat.resource(), nat.kind(), nat.idleMonthly()
                + HOURS_PER_MONTH * prices.usd("vpc.public-ipv4.hour"),
                trafficGb / azs * prices.usd("vpc.nat.gb"), nat.basis() + " + public IPv4; S3 traffic "
                + fmt(trafficGb) + " GB/GB split over " + azs + " AZ"));
        }
        return new CostReport(label, lines);
    }

    /**
     * AZs the workload runs in (the naive layout puts a NAT gateway in each): those of the plan's
     * subnets, else one per distinct subnet its functions and instances use (a VPC brought from
     * outside the stack), else none.
     */
    static int azCount(PlanView view) {
        Set<String> azs = new LinkedHashSet<>();
        view.ofType(SUBNET).forEach(s -> {
            if (!s.str("availabilityZone").isEmpty()) {
                azs.add(s.str("availabilityZone"));
            }
        });
        if (!azs.isEmpty()) {
            return azs.size();
        }
        Set<String> subnets = new LinkedHashSet<>();
        view.ofType(FUNCTION).forEach(f -> subnets.addAll(f.strings("/vpcConfig/subnetIds")));
        view.ofType(EC2).forEach(i -> {
            if (!i.str("subnetId").isEmpty()) {
                subnets.add(i.str("subnetId"));
            }
        });
        return subnets.size();
    }

    private List<CostLine> instance(Resource r, boolean alwaysOn) {
        String type = r.str("instanceType");
        double hourly = prices.usd("ec2." + type);
        double hoursPerGb = 1024 / assume.workerMbPerSecond() / 3600;
        List<CostLine> out = new ArrayList<>();
        out.add(alwaysOn
            ? new CostLine(r.name(), "EC2 " + type + " (always on)", HOURS_PER_MONTH * hourly, 0,
                "730 h × $" + hourly)
            : new CostLine(r.name(), "EC2 " + type + " (runs only with work)", 0, hoursPerGb * hourly,
                fmt(hoursPerGb * 3600) + " s/GB at " + fmt(assume.workerMbPerSecond()) + " MB/s × $" + hourly + "/h"));
        String rootType = r.str("/rootBlockDevice/volumeType");
        out.add(volume(r.name() + " root", rootType, r.num("/rootBlockDevice/volumeSize", 8), 3000, 125));
        return out;
    }

    private CostLine volume(String name, String type, double sizeGb, double iops, double throughput) {
        String kind = type.isEmpty() ? "gp3" : type;
        double storage = prices.usd("ebs." + kind + ".storage");
        double monthly = sizeGb * storage;
        String basis = fmt(sizeGb) + " GB × $" + storage;
        if ("gp3".equals(kind)) {
            monthly += Math.max(0, iops - 3000) * prices.usd("ebs.gp3.iops")
                + Math.max(0, throughput - 125) * prices.usd("ebs.gp3.throughput");
            if (iops > 3000 || throughput > 125) {
                basis += " + " + fmt(iops) + " IOPS, " + fmt(throughput) + " MB/s";
            }
        }
        // A stopped instance still pays for its volumes, so storage counts at idle.
        return new CostLine(name, "EBS " + kind, monthly, 0, basis);
    }

    private List<CostLine> database(Resource r) {
        String cls = r.str("instanceClass");
        boolean multiAz = r.bool("multiAz", false);
        int copies = multiAz ? 2 : 1;
        double hourly = prices.usd("rds." + cls);
        String storageType = r.str("storageType").isEmpty() ? "gp2" : r.str("storageType");
        double gb = r.num("allocatedStorage", 20);
        double storage = prices.usd("rds." + storageType + ".storage");
        List<CostLine> out = new ArrayList<>();
        out.add(new CostLine(r.name(), "RDS PostgreSQL " + cls + (multiAz ? " Multi-AZ" : ""),
            HOURS_PER_MONTH * hourly * copies + gb * storage * copies, 0,
            "730 h × $" + hourly + (multiAz ? " × 2" : "") + " + " + fmt(gb) + " GB " + storageType + " × $" + storage
                + (multiAz ? " × 2" : "")));
        if (r.bool("manageMasterUserPassword", false)) {
            out.add(new CostLine(r.name() + " master secret", "secret (RDS-managed)",
                prices.usd("secretsmanager.secret"), 0, "1 secret × $" + prices.usd("secretsmanager.secret")));
        }
        return out;
    }

    private CostLine proxy(Resource r, PlanView view) {
        // RDS Proxy bills per vCPU of the instance behind it, with a 2 vCPU minimum.
        int vcpus = view.ofType(RDS).stream().mapToInt(db -> vcpus(db.str("instanceClass"))).max().orElse(2);
        return hourly(r.name(), "RDS Proxy (" + vcpus + " vCPU)", "rds.proxy.vcpu", vcpus);
    }

    static int vcpus(String instanceClass) {
        String size = instanceClass.substring(instanceClass.lastIndexOf('.') + 1);
        if (size.endsWith("xlarge")) {
            String n = size.substring(0, size.length() - "xlarge".length());
            return 4 * (n.isEmpty() ? 1 : Integer.parseInt(n));
        }
        return 2;
    }

    private java.util.Optional<CostLine> endpoint(Resource r) {
        if (!"Interface".equals(r.str("vpcEndpointType"))) {
            return java.util.Optional.empty();
        }
        int azs = Math.max(1, r.strings("subnetIds").size());
        String service = r.str("serviceName");
        CostLine line = hourly(r.name(), "interface endpoint " + service.substring(service.lastIndexOf('.') + 1),
            "vpc.interface-endpoint.hour", azs);
        return java.util.Optional.of(line);
    }

    private CostLine nat(String name) {
        return hourly(name, "NAT gateway", "vpc.nat.hour", 1);
    }

    private CostLine hourly(String name, String kind, String key, int units) {
        double hourly = prices.usd(key);
        return new CostLine(name, kind, HOURS_PER_MONTH * hourly * units, 0,
            "730 h × " + units + " × $" + hourly);
    }

    private CostLine fixed(Resource r, String kind, String key) {
        return new CostLine(r.name(), kind, prices.usd(key), 0, "1 × $" + prices.usd(key) + "/month");
    }

    private CostLine function(Resource r, PlanView view) {
        String arch = r.strings("architectures").contains("x86_64") ? "x86_64" : "arm64";
        double gb = r.num("memorySize", 128) / 1024;
        boolean perFile = view.ofType(NOTIFICATION).stream().anyMatch(n -> {
            for (JsonNode f : n.at("lambdaFunctions")) {
                if (r.isReferencedBy(f.path("lambdaFunctionArn").asText())) {
                    return true;
                }
            }
            return false;
        }) || view.ofType(EVENT_TARGET).stream().anyMatch(t -> r.isReferencedBy(t.str("arn")));
        if (!perFile) {
            return new CostLine(r.name(), "Lambda (rare calls)", 0, 0, "not invoked per file (status queries, failure records, migrations)");
        }
        double perInvoke = gb * assume.lambdaSecondsPerFile() * prices.usd("lambda." + arch + ".gbsecond")
            + prices.usd("lambda.request");
        return new CostLine(r.name(), "Lambda " + arch + " " + fmt(gb * 1024) + " MB", 0,
            assume.filesPerGb() * perInvoke, fmt(assume.filesPerGb()) + " files/GB × " + fmt(assume.lambdaSecondsPerFile())
                + " s × " + fmt(gb) + " GB + request");
    }

    /**
     * A rule on S3's events: once EventBridge is on for a bucket, S3 sends every event of that bucket to the default
     * bus, and EventBridge bills them as "AWS opt-in data events" (unlike free AWS management events) whether or not
     * a rule matches. Per file: the upload and the worker's result objects, one Object Created event per PUT.
     */
    private Optional<CostLine> s3Events(Resource r) {
        if (!r.str("eventPattern").contains("\"aws.s3\"")) {
            return Optional.empty();
        }
        double events = assume.filesPerGb() * assume.putsPerFile();
        return Optional.of(new CostLine(r.name(), "EventBridge S3 events", 0,
            events * prices.usd("eventbridge.optin-data-event"),
            fmt(events) + " events/GB × $" + String.format(Locale.ROOT, "%.2f",
                prices.usd("eventbridge.optin-data-event") * 1_000_000) + " per million"));
    }

    private CostLine stateMachine(Resource r) {
        if (r.str("definition").contains("\"DISTRIBUTED\"")) {
            // The backfill runs on demand, once per bucket or job change, not per uploaded file: its cost per run is
            // in docs/backfill.md (child executions, transitions, Lambda), not in the monthly figures.
            return new CostLine(r.name(), "Step Functions STANDARD (backfill)", 0, 0,
                "on demand, per run: see docs/backfill.md");
        }
        double transitions = assume.filesPerGb() * assume.transitionsPerFile();
        return new CostLine(r.name(), "Step Functions STANDARD", 0,
            transitions * prices.usd("sfn.standard.transition"), fmt(transitions) + " transitions/GB");
    }

    private CostLine bucket(Resource r, PlanView view) {
        boolean data = view.ofType(NOTIFICATION).stream().anyMatch(n -> r.isReferencedBy(n.str("bucket")));
        if (!data) {
            return new CostLine(r.name(), "S3 bucket (artifacts)", 0, 0, "a few MB of jars");
        }
        double storedGb = 1 + assume.outputRatio();
        double files = assume.filesPerGb();
        double perGb = storedGb * prices.usd("s3.standard.storage")
            + files * assume.putsPerFile() / 1000 * prices.usd("s3.put")
            + files * assume.getsPerFile() / 1000 * prices.usd("s3.get");
        return new CostLine(r.name(), "S3 data bucket", 0, perGb,
            fmt(storedGb) + " GB stored 1 month + " + fmt(files * (assume.putsPerFile() + assume.getsPerFile()))
                + " requests");
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v)
            : String.format(Locale.ROOT, Math.abs(v) < 0.1 ? "%.4f" : "%.2f", v);
    }
}
