package com.ingestpipeline.components.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which interface VPC endpoints a created network may have: {@code Network} and the stack's settings check with it. */
public final class EndpointRules {
    /** Exactly the APIs the ingest Lambda and the worker call from inside the VPC (Session Manager needs the last three). */
    public static final List<String> DEFAULT = List.of("states", "secretsmanager", "ssm", "ssmmessages", "ec2messages");
    /** The services something in this library may call from the private subnets. */
    public static final List<String> ALLOWED = List.of("states", "secretsmanager", "ssm", "ssmmessages", "ec2messages",
        "logs", "kms", "sts", "monitoring", "sqs", "lambda", "ec2");

    private EndpointRules() {
    }

    /** One message per unknown or repeated service, to be prefixed with the field or setting. */
    public static List<String> problems(List<String> endpoints) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String e : endpoints) {
            if (!ALLOWED.contains(e)) {
                problems.add("'" + e + "' is not one of " + ALLOWED);
            } else if (!seen.add(e)) {
                problems.add("'" + e + "' is listed twice");
            }
        }
        return problems;
    }
}
