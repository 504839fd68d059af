package com.ingestpipeline.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** RDS.2, .3, .5 (production only), .8, .9, .10, .11, .13, .17, .46 for DB instances. */
final class RdsRules {
    static final String INSTANCE = "aws:rds/instance:Instance";
    static final String SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";
    static final String ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
    static final String ROUTE = "aws:ec2/route:Route";
    static final String ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    static final String IGW = "aws:ec2/internetGateway:InternetGateway";
    /** FSBP's default minimum for RDS.11. */
    static final int MIN_BACKUP_DAYS = 7;

    private RdsRules() {
    }

    static List<Rule> all() {
        return List.of(
            simple("RDS.2", "RDS DB Instances should prohibit public access",
                db -> !db.bool("publiclyAccessible", false), "not publicly accessible", "publiclyAccessible=true"),
            simple("RDS.3", "RDS DB instances should have encryption at-rest enabled",
                db -> db.bool("storageEncrypted", false), "storage encrypted", "storageEncrypted is not true"),
            Rule.of("RDS.5", "RDS DB instances should be configured with multiple Availability Zones", RdsRules::multiAz),
            simple("RDS.8", "RDS DB instances should have deletion protection enabled",
                db -> db.bool("deletionProtection", false), "deletion protection on", "deletionProtection is not true"),
            simple("RDS.9", "RDS DB instances should publish logs to CloudWatch Logs",
                db -> db.strings("enabledCloudwatchLogsExports").contains(logExportFor(db)),
                "exports logs to CloudWatch", "enabledCloudwatchLogsExports lacks the engine log"),
            simple("RDS.10", "IAM authentication should be configured for RDS instances",
                db -> db.bool("iamDatabaseAuthenticationEnabled", false), "IAM database authentication on",
                "iamDatabaseAuthenticationEnabled is not true"),
            simple("RDS.11", "RDS instances should have automatic backups enabled",
                db -> db.num("backupRetentionPeriod", 1) >= MIN_BACKUP_DAYS, "backups kept 7+ days",
                "backupRetentionPeriod below " + MIN_BACKUP_DAYS + " days"),
            simple("RDS.13", "RDS automatic minor version upgrades should be enabled",
                db -> db.bool("autoMinorVersionUpgrade", true), "minor version upgrades on",
                "autoMinorVersionUpgrade=false"),
            simple("RDS.17", "RDS DB instances should be configured to copy tags to snapshots",
                db -> db.bool("copyTagsToSnapshot", false), "tags copied to snapshots", "copyTagsToSnapshot is not true"),
            Rule.of("RDS.46", "RDS DB instances should not be deployed in public subnets with routes to internet gateways",
                RdsRules::privateSubnets));
    }

    private static Rule simple(String control, String title, Predicate<Resource> ok, String passWhy, String failWhy) {
        return Rule.of(control, title, (plan, ctx) -> plan.ofType(INSTANCE).stream()
            .map(db -> Finding.of(control, db.name(), ok.test(db), passWhy, failWhy)).toList());
    }

    private static String logExportFor(Resource db) {
        String engine = db.str("engine");
        return engine.startsWith("postgres") ? "postgresql" : engine.startsWith("mysql") || engine.startsWith("mariadb")
            ? "error" : engine;
    }

    private static List<Finding> multiAz(PlanView plan, GateContext ctx) {
        if (!ctx.production()) {
            return List.of();
        }
        return plan.ofType(INSTANCE).stream().map(db -> Finding.of("RDS.5", db.name(), db.bool("multiAz", false),
            "Multi-AZ", "multiAz is not true in a production stack")).toList();
    }

    private static List<Finding> privateSubnets(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource db : plan.ofType(INSTANCE)) {
            Optional<Resource> group = plan.resolve(db.str("dbSubnetGroupName"), SUBNET_GROUP);
            if (group.isEmpty()) {
                out.add(Finding.check("RDS.46", db.name(), "DB subnet group '" + db.str("dbSubnetGroupName")
                    + "' is not in this plan"));
                continue;
            }
            List<String> publicOnes = new ArrayList<>();
            int unresolved = 0;
            for (String subnetId : group.get().strings("subnetIds")) {
                Optional<Resource> subnet = plan.resolve(subnetId, LambdaRules.SUBNET);
                if (subnet.isEmpty()) {
                    unresolved++;
                } else if (routesToInternet(plan, subnet.get())) {
                    publicOnes.add(subnet.get().name());
                }
            }
            if (!publicOnes.isEmpty()) {
                out.add(Finding.fail("RDS.46", db.name(), "subnet(s) with a route to an internet gateway: "
                    + String.join(", ", publicOnes)));
            } else if (unresolved > 0) {
                out.add(Finding.check("RDS.46", db.name(), unresolved + " subnet(s) not in this plan; confirm no IGW route"));
            } else {
                out.add(Finding.pass("RDS.46", db.name(), "subnets have no route to an internet gateway"));
            }
        }
        return out;
    }

    /** A subnet is public when its associated route table sends traffic to an internet gateway. */
    static boolean routesToInternet(PlanView plan, Resource subnet) {
        for (Resource assoc : plan.ofType(ASSOCIATION)) {
            if (!subnet.isReferencedBy(assoc.str("subnetId"))) {
                continue;
            }
            Optional<Resource> table = plan.resolve(assoc.str("routeTableId"), ROUTE_TABLE);
            if (table.isEmpty()) {
                continue;
            }
            for (JsonNode route : table.get().at("routes")) {
                if (isInternetGateway(plan, route.path("gatewayId").asText(""))) {
                    return true;
                }
            }
            for (Resource route : plan.ofType(ROUTE)) {
                if (table.get().isReferencedBy(route.str("routeTableId")) && isInternetGateway(plan, route.str("gatewayId"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isInternetGateway(PlanView plan, String gatewayId) {
        return gatewayId.startsWith("igw-") || plan.resolve(gatewayId, IGW).isPresent();
    }
}
