package com.ingestpipeline.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.ingestpipeline.gate.PlanView.Resource;

import java.util.ArrayList;
import java.util.List;

/** S3.1, S3.5, S3.8, S3.9, S3.12, S3.13. A bucket's settings live in separate *V2 resources that name it. */
final class S3Rules {
    static final String BUCKET = "aws:s3/bucketV2:BucketV2";
    static final String LEGACY_BUCKET = "aws:s3/bucket:Bucket";
    static final String PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    static final String ACCOUNT_PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
    static final String POLICY = "aws:s3/bucketPolicy:BucketPolicy";
    static final String OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
    static final String ACL = "aws:s3/bucketAclV2:BucketAclV2";
    static final String LIFECYCLE = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2";
    static final String LOGGING = "aws:s3/bucketLoggingV2:BucketLoggingV2";
    private static final List<String> FLAGS = List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls",
        "restrictPublicBuckets");

    private S3Rules() {
    }

    static List<Rule> all() {
        return List.of(
            Rule.of("S3.1", "S3 general purpose buckets should have block public access settings enabled", S3Rules::accountBlock),
            Rule.of("S3.5", "S3 general purpose buckets should require requests to use SSL", S3Rules::sslOnly),
            Rule.of("S3.8", "S3 general purpose buckets should block public access", S3Rules::bucketBlock),
            Rule.of("S3.9", "S3 general purpose buckets should have server access logging enabled", S3Rules::accessLogging),
            Rule.of("S3.12", "ACLs should not be used to manage user access to S3 general purpose buckets", S3Rules::noAcls),
            Rule.of("S3.13", "S3 general purpose buckets should have Lifecycle configurations", S3Rules::lifecycle));
    }

    static List<Resource> buckets(PlanView plan) {
        return plan.ofType(BUCKET, LEGACY_BUCKET);
    }

    /** The settings resources of {@code type} that name {@code bucket} in their {@code bucket} input. */
    static List<Resource> settingsOf(PlanView plan, Resource bucket, String type) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : plan.ofType(type)) {
            if (bucket.isReferencedBy(r.str("bucket"))) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<String> offFlags(Resource pab) {
        return FLAGS.stream().filter(f -> !pab.bool(f, false)).toList();
    }

    private static List<Finding> accountBlock(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource pab : plan.ofType(ACCOUNT_PAB)) {
            List<String> off = offFlags(pab);
            out.add(Finding.of("S3.1", pab.name(), off.isEmpty(), "all four account-level settings on",
                "account-level block public access has " + String.join(", ", off) + " off"));
        }
        if (out.isEmpty() && !buckets(plan).isEmpty()) {
            // The account-level setting is shared by every stack in the account, so this stack does not own it.
            out.add(Finding.check("S3.1", "account", "account-level block public access is not managed by this stack; "
                + "every bucket here sets its own block (S3.8)"));
        }
        return out;
    }

    private static List<Finding> bucketBlock(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource bucket : buckets(plan)) {
            List<Resource> blocks = settingsOf(plan, bucket, PAB);
            if (blocks.isEmpty()) {
                out.add(Finding.fail("S3.8", bucket.name(), "no BucketPublicAccessBlock names this bucket"));
                continue;
            }
            List<String> off = offFlags(blocks.get(0));
            out.add(Finding.of("S3.8", bucket.name(), off.isEmpty(), "all four block public access settings on",
                String.join(", ", off) + " off"));
        }
        return out;
    }

    private static List<Finding> sslOnly(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource bucket : buckets(plan)) {
            boolean denies = settingsOf(plan, bucket, POLICY).stream()
                .anyMatch(p -> PolicyDocs.statements(p.at("policy")).stream().anyMatch(S3Rules::deniesInsecureTransport));
            out.add(Finding.of("S3.5", bucket.name(), denies, "bucket policy denies aws:SecureTransport=false",
                "no bucket policy statement denies requests with aws:SecureTransport=false"));
        }
        return out;
    }

    private static boolean deniesInsecureTransport(JsonNode statement) {
        if (!"Deny".equals(statement.path("Effect").asText())) {
            return false;
        }
        JsonNode value = statement.path("Condition").path("Bool").path("aws:SecureTransport");
        String text = value.isArray() && value.size() > 0 ? value.get(0).asText() : value.asText();
        return "false".equalsIgnoreCase(text) && PolicyDocs.values(statement.path("Action")).stream()
            .anyMatch(a -> a.equals("s3:*") || a.equals("*"));
    }

    private static List<Finding> noAcls(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource bucket : buckets(plan)) {
            List<String> problems = new ArrayList<>();
            if (!settingsOf(plan, bucket, ACL).isEmpty()) {
                problems.add("a BucketAclV2 grants access by ACL");
            }
            if (!bucket.str("acl").isEmpty() && !"private".equals(bucket.str("acl"))) {
                problems.add("canned ACL '" + bucket.str("acl") + "'");
            }
            for (Resource own : settingsOf(plan, bucket, OWNERSHIP)) {
                String ownership = own.str("/rule/objectOwnership");
                if (!"BucketOwnerEnforced".equals(ownership)) {
                    problems.add("object ownership '" + ownership + "' keeps ACLs active");
                }
            }
            // Since April 2023 a new bucket without ownership controls is BucketOwnerEnforced (ACLs disabled).
            out.add(Finding.of("S3.12", bucket.name(), problems.isEmpty(), "ACLs disabled (BucketOwnerEnforced)",
                String.join("; ", problems)));
        }
        return out;
    }

    /**
     * A bucket passes when a logging configuration names it, or when it is the target others log into: logging the
     * log bucket would log every log delivery (AWS advises against it: the records never end).
     */
    private static List<Finding> accessLogging(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource bucket : buckets(plan)) {
            List<Resource> own = settingsOf(plan, bucket, LOGGING);
            boolean target = plan.ofType(LOGGING).stream().anyMatch(l -> bucket.isReferencedBy(l.str("targetBucket")));
            if (!own.isEmpty()) {
                out.add(Finding.pass("S3.9", bucket.name(), "server access logs to " + own.get(0).str("targetBucket")));
            } else {
                out.add(Finding.of("S3.9", bucket.name(), target,
                    "is the access-log target of the other buckets (not logged itself: it would log its own deliveries)",
                    "no server access logging (BucketLoggingV2) names this bucket"));
            }
        }
        return out;
    }

    private static List<Finding> lifecycle(PlanView plan, GateContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (Resource bucket : buckets(plan)) {
            long enabled = settingsOf(plan, bucket, LIFECYCLE).stream()
                .flatMap(l -> { List<JsonNode> rules = new ArrayList<>(); l.at("rules").forEach(rules::add); return rules.stream(); })
                .filter(r -> "Enabled".equals(r.path("status").asText()))
                .count();
            out.add(Finding.of("S3.13", bucket.name(), enabled > 0, enabled + " enabled lifecycle rule(s)",
                "no enabled lifecycle rule"));
        }
        return out;
    }
}
