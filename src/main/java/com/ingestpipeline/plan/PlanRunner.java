package com.ingestpipeline.plan;

import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.stack.App;
import com.ingestpipeline.stack.SettingsSchema;
import com.ingestpipeline.stack.StackSettings;
import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.core.internal.OutputData;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceArgs;
import com.pulumi.resources.ResourceTransformation;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs the stack program under the SDK's test engine with {@link RecordingMocks} and gathers what a
 * {@code pulumi preview} would show: every resource with its URN, parent, inputs and which inputs
 * are secret. Parents come from a stack-wide {@link ResourceTransformation}, which sees each
 * resource's options (the mocks only see type, name and inputs).
 */
public final class PlanRunner {
    /** The root resource type Pulumi gives every stack. */
    public static final String STACK_TYPE = "pulumi:pulumi:Stack";

    /** One planned resource. {@code inputs} never holds nulls; {@code secretInputs} names masked keys. */
    public record PlannedResource(String type, String name, String urn, String parentUrn, boolean custom, String id,
                                  Map<String, Object> inputs, Set<String> secretInputs) {
    }

    /** A stack output and whether it is secret. */
    public record PlannedOutput(Object value, boolean secret) {
    }

    /** What one run produced; {@code errors} is empty when the program succeeded. */
    public record Plan(String stack, String stackUrn, List<PlannedResource> resources,
                       Map<String, PlannedOutput> outputs, List<String> errors) {
        public boolean succeeded() {
            return errors.isEmpty();
        }
    }

    private record Captured(Resource resource, ResourceArgs args, Resource parent) {
    }

    private PlanRunner() {
    }

    /** Plans the stack program {@link App#stack(Context, StackSettings)} for these settings. */
    public static Plan run(String stack, StackSettings settings) {
        return run(stack, ctx -> App.stack(ctx, settings));
    }

    /** Plans any program; the plan's tests use small programs. */
    public static Plan run(String stack, java.util.function.Consumer<Context> program) {
        RecordingMocks mocks = new RecordingMocks();
        List<Captured> captured = new ArrayList<>();
        ResourceTransformation capture = args -> {
            synchronized (captured) {
                captured.add(new Captured(args.resource(), args.args(), args.options().getParent().orElse(null)));
            }
            return Optional.empty();
        };
        TestOptions options = TestOptions.builder()
            .projectName(SettingsSchema.PROJECT)
            .stackName(stack)
            .preview(false)
            .resourceTransformations(List.of(capture))
            .build();
        try {
            TestResult result = PulumiTest.withMocks(mocks).withOptions(options).runTest(program);
            Set<String> errors = new LinkedHashSet<>();
            result.exceptions().forEach(e -> errors.add(describe(e)));
            result.errors().forEach(e -> errors.add(condense(e)));
            String stackUrn = "urn:pulumi:" + stack + "::" + SettingsSchema.PROJECT + "::" + STACK_TYPE + "::"
                + SettingsSchema.PROJECT + "-" + stack;
            if (!errors.isEmpty()) {
                return new Plan(stack, stackUrn, List.of(), Map.of(), List.copyOf(errors));
            }
            return new Plan(stack, stackUrn, resources(captured, mocks, stackUrn), outputs(result), List.of());
        } finally {
            PulumiTest.cleanup();
        }
    }

    private static List<PlannedResource> resources(List<Captured> captured, RecordingMocks mocks, String stackUrn) {
        Map<String, Deque<RecordingMocks.Registered>> registered = new HashMap<>();
        for (RecordingMocks.Registered r : mocks.resources()) {
            registered.computeIfAbsent(r.type() + "::" + r.name(), k -> new ArrayDeque<>()).add(r);
        }
        List<PlannedResource> out = new ArrayList<>();
        Map<Resource, String> qualifiedTypes = new IdentityHashMap<>();
        Map<Resource, String> urns = new IdentityHashMap<>();
        String urnPrefix = stackUrn.substring(0, stackUrn.indexOf(STACK_TYPE));
        List<Captured> snapshot;
        synchronized (captured) {
            snapshot = List.copyOf(captured);
        }
        for (Captured c : snapshot) {
            Resource resource = c.resource();
            String type = resource.pulumiResourceType();
            String name = resource.pulumiResourceName();
            if (STACK_TYPE.equals(type)) {
                continue;
            }
            Deque<RecordingMocks.Registered> matches = registered.get(type + "::" + name);
            RecordingMocks.Registered reg = matches == null ? null : matches.poll();
            boolean topLevel = c.parent() == null || STACK_TYPE.equals(c.parent().pulumiResourceType());
            // The engine leaves the root stack out of the type chain (the test engine does not), so the
            // URN is built here the way `pulumi preview` shows it.
            String qualifiedType = topLevel ? type : qualifiedTypes.get(c.parent()) + "$" + type;
            qualifiedTypes.put(resource, qualifiedType);
            String parentUrn = topLevel ? stackUrn : urns.get(c.parent());
            String urn = urnPrefix + qualifiedType + "::" + name;
            urns.put(resource, urn);
            out.add(new PlannedResource(type, name, urn, parentUrn,
                resource instanceof CustomResource, reg == null ? "" : reg.id(),
                reg == null ? Map.of() : new TreeMap<>(reg.inputs()), secretInputs(c.args())));
        }
        return out;
    }

    /** The input names whose Output was marked secret, found through the args' {@code @Import} fields. */
    private static Set<String> secretInputs(ResourceArgs args) {
        Set<String> secret = new LinkedHashSet<>();
        if (args == null) {
            return secret;
        }
        RecordingMocks.forEachInput(args, (name, value) -> {
            if (value instanceof Output<?> output) {
                OutputData<?> data = Internal.of(output).getDataAsync().join();
                if (data.isSecret()) {
                    secret.add(name);
                }
            }
        });
        return secret;
    }

    private static Map<String, PlannedOutput> outputs(TestResult result) {
        Map<String, PlannedOutput> outputs = new LinkedHashMap<>();
        new TreeMap<>(result.outputs()).forEach((name, output) -> {
            OutputData<?> data = Internal.of(output).getDataAsync().join();
            outputs.put(name, new PlannedOutput(data.getValueNullable(), data.isSecret()));
        });
        return outputs;
    }

    /** The root cause and where in this project it was thrown: what a reader needs, not 40 frames. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String where = java.util.Arrays.stream(t.getStackTrace())
            .filter(f -> f.getClassName().startsWith("com.ingestpipeline."))
            .findFirst().map(f -> " (at " + f + ")").orElse("");
        return t.getClass().getSimpleName() + ": " + t.getMessage() + where;
    }

    /**
     * An engine error line without the program's full command line and stack trace, which the test
     * engine puts in front of and after the message.
     */
    static String condense(String error) {
        String marker = "failed with an unhandled exception:";
        String text = error.contains(marker) ? error.substring(error.indexOf(marker) + marker.length()).strip() : error.strip();
        String[] lines = text.split("\n");
        String where = java.util.Arrays.stream(lines).map(String::strip)
            .filter(l -> l.startsWith("at com.ingestpipeline.")).findFirst().map(l -> " (" + l + ")").orElse("");
        String cause = java.util.Arrays.stream(lines).filter(l -> l.startsWith("Caused by: ")).reduce((a, b) -> b)
            .map(l -> "; " + l.substring("Caused by: ".length())).orElse("");
        return lines[0] + cause + where;
    }
}
