package com.ingestpipeline.components.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pulumi.core.Output;

import java.util.ArrayList;
import java.util.List;

/**
 * IAM policy documents as data. Components build {@link Statement}s scoped to concrete ARNs and render
 * them here, so every policy in the stack has one shape and one place that refuses a wildcard action on a
 * wildcard resource (Security Hub IAM.1 / IAM.21).
 */
public final class PolicyDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyDocument() {
    }

    /** A condition block entry, e.g. {@code StringEquals aws:SourceAccount [123456789012]}. */
    public record Condition(String test, String variable, List<String> values) {
        public Condition {
            values = List.copyOf(values);
        }
    }

    /** One statement. Use {@link #allow} / {@link #deny}; add conditions with {@link #when}. */
    public record Statement(String sid, String effect, List<String> actions, List<String> resources,
                            List<Condition> conditions, String principalService, boolean principalAny,
                            String principalAws) {
        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
            conditions = List.copyOf(conditions);
        }

        /** The same statement with one more condition. */
        public Statement when(String test, String variable, String... values) {
            List<Condition> more = new ArrayList<>(conditions);
            more.add(new Condition(test, variable, List.of(values)));
            return new Statement(sid, effect, actions, resources, more, principalService, principalAny, principalAws);
        }

        /** The same statement with a service principal (for trust and resource policies). */
        public Statement withPrincipalService(String service) {
            return new Statement(sid, effect, actions, resources, conditions, service, false, null);
        }

        /** The same statement applying to any principal (resource policies, e.g. a bucket's deny-non-TLS). */
        public Statement withAnyPrincipal() {
            return new Statement(sid, effect, actions, resources, conditions, null, true, null);
        }

        /** The same statement for an AWS principal (an account's root ARN in a key policy). */
        public Statement withPrincipalAws(String arn) {
            return new Statement(sid, effect, actions, resources, conditions, null, false, arn);
        }
    }

    public static Statement allow(String sid, List<String> actions, List<String> resources) {
        return new Statement(sid, "Allow", actions, resources, List.of(), null, false, null);
    }

    public static Statement deny(String sid, List<String> actions, List<String> resources) {
        return new Statement(sid, "Deny", actions, resources, List.of(), null, false, null);
    }

    /** The trust policy that lets one AWS service assume a role. */
    public static String assumeRole(String service) {
        return toJson(List.of(new Statement("AssumeRole", "Allow", List.of("sts:AssumeRole"), List.of(),
            List.of(), service, false, null)));
    }

    /**
     * The trust statement for an AWS service acting for one account only ({@code aws:SourceAccount}, the
     * confused-deputy guard AWS recommends). Add {@code .when("ArnLike", "aws:SourceArn", ...)} where the
     * service sends a source ARN worth pinning.
     */
    public static Statement serviceTrust(String service, String accountId) {
        return new Statement("AssumeRole", "Allow", List.of("sts:AssumeRole"), List.of(), List.of(), service, false, null)
            .when("StringEquals", "aws:SourceAccount", accountId);
    }

    /** Renders statements whose ARNs are still outputs. */
    public static Output<String> render(List<Output<Statement>> statements) {
        return Output.all(statements).applyValue(PolicyDocument::toJson);
    }

    /** Renders a policy document; refuses an Allow of {@code *} on {@code *} and empty action lists. */
    public static String toJson(List<Statement> statements) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode list = doc.putArray("Statement");
        for (Statement s : statements) {
            if (s.actions().isEmpty()) {
                throw new IllegalArgumentException("IAM statement " + s.sid() + " has no actions");
            }
            if ("Allow".equals(s.effect()) && s.actions().contains("*") && s.resources().contains("*")) {
                throw new IllegalArgumentException("IAM statement " + s.sid()
                    + " allows every action on every resource (Security Hub IAM.1)");
            }
            ObjectNode st = list.addObject();
            if (s.sid() != null) {
                st.put("Sid", s.sid());
            }
            st.put("Effect", s.effect());
            if (s.principalService() != null) {
                st.putObject("Principal").put("Service", s.principalService());
            } else if (s.principalAny()) {
                st.put("Principal", "*");
            } else if (s.principalAws() != null) {
                st.putObject("Principal").put("AWS", s.principalAws());
            }
            putOneOrMany(st, "Action", s.actions());
            if (!s.resources().isEmpty()) {
                putOneOrMany(st, "Resource", s.resources());
            }
            if (!s.conditions().isEmpty()) {
                ObjectNode cond = st.putObject("Condition");
                for (Condition c : s.conditions()) {
                    ObjectNode test = cond.has(c.test()) ? (ObjectNode) cond.get(c.test()) : cond.putObject(c.test());
                    putOneOrMany(test, c.variable(), c.values());
                }
            }
        }
        try {
            return JSON.writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putOneOrMany(ObjectNode node, String field, List<String> values) {
        if (values.size() == 1) {
            node.put(field, values.get(0));
        } else {
            ArrayNode arr = node.putArray(field);
            values.forEach(arr::add);
        }
    }
}
