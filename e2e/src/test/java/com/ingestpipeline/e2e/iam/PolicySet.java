package com.ingestpipeline.e2e.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The identity policies of one role as planned (inline {@code aws:iam/rolePolicy:RolePolicy} documents), evaluated
 * the way IAM evaluates identity policies without boundaries or SCPs: a request is allowed when some Allow
 * statement matches its action and resource and no Deny statement does. Actions match case-insensitively, resources
 * case-sensitively, both with {@code *} and {@code ?} wildcards. Conditions: {@code StringEquals} and
 * {@code StringLike} (and their {@code IfExists} forms) on the request's condition keys; any other operator, and
 * NotAction/NotResource, is rejected rather than silently treated as matching.
 */
public final class PolicySet {
    /** One Action entry of one statement: what the least-privilege check counts as "granted". */
    public record Grant(String policy, String sid, String action, List<String> resources, JsonNode condition) {
    }

    private record Statement(String policy, String sid, boolean allow, List<String> actions, List<String> resources,
                             JsonNode condition) {
    }

    private static final Set<String> SUPPORTED_CONDITIONS =
            Set.of("StringEquals", "StringLike", "StringEqualsIfExists", "StringLikeIfExists");

    private final String role;
    private final List<Statement> statements = new ArrayList<>();

    public PolicySet(String role) {
        this.role = role;
    }

    public String role() {
        return role;
    }

    public PolicySet add(String policyName, JsonNode document) {
        for (JsonNode s : iterable(document.path("Statement"))) {
            if (s.has("NotAction") || s.has("NotResource")) {
                throw new IllegalArgumentException(policyName + " statement " + s.path("Sid").asText("?")
                        + " uses NotAction/NotResource, which this evaluator does not model");
            }
            s.path("Condition").fieldNames().forEachRemaining(op -> {
                if (!SUPPORTED_CONDITIONS.contains(op)) {
                    throw new IllegalArgumentException(policyName + " statement " + s.path("Sid").asText("?")
                            + " uses condition operator " + op + ", which this evaluator does not model");
                }
            });
            statements.add(new Statement(policyName, s.path("Sid").asText(""), s.path("Effect").asText().equals("Allow"),
                    strings(s.path("Action")), strings(s.path("Resource")), s.path("Condition")));
        }
        return this;
    }

    public boolean allows(Authorization a) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (matchesAny(s.actions(), a.action(), true) && matchesAny(s.resources(), a.resource(), false)
                    && conditionHolds(s.condition(), a)) {
                if (!s.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** Every Allow action entry. */
    public List<Grant> grants() {
        List<Grant> out = new ArrayList<>();
        for (Statement s : statements) {
            if (s.allow()) {
                for (String action : s.actions()) {
                    out.add(new Grant(s.policy(), s.sid(), action, s.resources(), s.condition()));
                }
            }
        }
        return out;
    }

    /** Whether {@code a} is covered by {@code grant} (same action pattern and resource). */
    public static boolean covers(Grant grant, Authorization a) {
        return wildcard(grant.action(), true).matcher(a.action()).matches()
                && matchesAny(grant.resources(), a.resource(), false) && conditionHolds(grant.condition(), a);
    }

    /** Every operator, every key: one of the listed values must match (IAM's AND across keys, OR across values). */
    private static boolean conditionHolds(JsonNode condition, Authorization a) {
        if (condition == null || condition.isMissingNode()) {
            return true;
        }
        var ops = condition.fields();
        while (ops.hasNext()) {
            var op = ops.next();
            boolean ifExists = op.getKey().endsWith("IfExists");
            boolean like = op.getKey().startsWith("StringLike");
            var keys = op.getValue().fields();
            while (keys.hasNext()) {
                var key = keys.next();
                String actual = a.context().get(key.getKey());
                if (actual == null) {
                    if (ifExists) {
                        continue;
                    }
                    return false;
                }
                boolean any = false;
                for (String expected : strings(key.getValue())) {
                    any |= like ? wildcard(expected, false).matcher(actual).matches() : expected.equals(actual);
                }
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matchesAny(List<String> patterns, String value, boolean ignoreCase) {
        for (String p : patterns) {
            if (wildcard(p, ignoreCase).matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern wildcard(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return ignoreCase ? Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE) : Pattern.compile(regex.toString());
    }

    private static List<String> strings(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : iterable(node)) {
            out.add(n.asText());
        }
        return List.copyOf(out);
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        if (node.isArray()) {
            return node;
        }
        return node.isMissingNode() || node.isNull() ? List.of() : List.of(node);
    }
}
