package com.ingestpipeline.components.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a component's name against the AWS limits of the names Pulumi derives from it. Pulumi auto-names a
 * child {@code <child name>-<7 random characters>}; AWS then enforces its own length and character rules,
 * some only when the resource is created (an S3 bucket name with an underscore), by which time the earlier
 * components of the stack already exist. Checking up front turns a half-applied {@code pulumi up} into one
 * clear error naming the component.
 */
public final class AutoNames {
    /** What Pulumi appends to a child's name: a hyphen and seven random characters. */
    public static final int SUFFIX_LENGTH = 8;
    /** IAM role names (IAM quotas). */
    public static final int ROLE = 64;
    /** Lambda function names. */
    public static final int FUNCTION = 64;
    /** S3 bucket names. */
    public static final int BUCKET = 63;
    /** EventBridge rule names. */
    public static final int EVENT_RULE = 64;
    /** RDS DB instance identifiers. */
    public static final int RDS_IDENTIFIER = 63;
    /** IAM instance profile names. */
    public static final int INSTANCE_PROFILE = 128;
    /** Step Functions activity names. */
    public static final int ACTIVITY = 80;

    private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern RDS_CHARS = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");

    private AutoNames() {
    }

    /** One auto-named child: its Pulumi resource name and the AWS limit on the name derived from it. */
    public record Child(String kind, String resourceName, int limit) {
    }

    /** The problems of the children whose generated names would exceed their AWS limit. */
    public static List<String> tooLong(List<Child> children) {
        List<String> problems = new ArrayList<>();
        for (Child c : children) {
            int length = c.resourceName().length() + SUFFIX_LENGTH;
            if (length > c.limit()) {
                problems.add("its " + c.kind() + " would be named '" + c.resourceName() + "-' plus 7 random "
                    + "characters (" + length + "), over AWS's limit of " + c.limit() + "; shorten the name by "
                    + (length - c.limit()) + " character(s)");
            }
        }
        return problems;
    }

    /**
     * S3 bucket names allow lowercase letters, digits, hyphens and dots; Pulumi lowercases an auto-named
     * bucket but keeps every other character.
     */
    public static List<String> bucketChars(String name) {
        return BUCKET_CHARS.matcher(name.toLowerCase(Locale.ROOT)).matches() ? List.of()
            : List.of("an auto-named S3 bucket may hold only letters, digits, hyphens and dots and must start "
                + "with a letter or digit (got '" + name + "')");
    }

    /**
     * RDS identifiers (instance, parameter group) allow letters, digits and single hyphens and start with a
     * letter.
     */
    public static List<String> rdsChars(String name) {
        return RDS_CHARS.matcher(name).matches() && !name.contains("--") ? List.of()
            : List.of("RDS names derived from it may hold only letters, digits and single hyphens and must start "
                + "with a letter (got '" + name + "')");
    }

    /** Throws one error naming the component when there are problems. */
    public static void check(String component, String name, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(component + " name '" + name + "': " + String.join("; ", problems));
        }
    }
}
