package com.ingestpipeline.components.testing;

import com.pulumi.core.annotations.Import;
import com.pulumi.core.internal.Internal;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceTransformation;
import com.pulumi.test.Mocks;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Pulumi mocks that record every registered resource and answer with realistic ids and ARNs,
 * so the offline plan reads like a real one and tests can assert what each child received.
 *
 * <p>Invokes are answered only for the tokens this stack uses; any other token throws, because
 * an unmocked invoke otherwise returns silent nulls and hides a broken program.
 */
public final class RecordingMocks implements Mocks {
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    public static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");

    /** One registered resource: its type token, logical name, the inputs it received and the id given. */
    public record Registered(String type, String name, Map<String, Object> inputs, String id) {
        /** An input by key, or null. */
        public Object input(String key) {
            return inputs.get(key);
        }
    }

    private final List<Registered> resources = new ArrayList<>();
    private final List<String> invokes = new ArrayList<>();
    private final MockWorld world;
    private final Map<String, ResourceTransformation.Args> registrations = new LinkedHashMap<>();

    /** Mocks of {@link MockWorld#standard()}. */
    public RecordingMocks() {
        this(MockWorld.standard());
    }

    /** Mocks of the given account and region. */
    public RecordingMocks(MockWorld world) {
        this.world = world;
    }

    public MockWorld world() {
        return world;
    }

    @Override
    public synchronized CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        String id = MockIds.idFor(args.type, args.name, args.inputs);
        Map<String, Object> state = new LinkedHashMap<>(args.inputs);
        MockIds.addComputedState(args.type, args.name, id, args.inputs, state);
        resources.add(new Registered(args.type, args.name, Map.copyOf(withoutNulls(args.inputs)), id));
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    @Override
    public synchronized CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        invokes.add(args.token);
        return CompletableFuture.completedFuture(MockInvokes.answer(args.token, args.args, world, this::byId));
    }

    /** The resource the plan registered with this id, if any: lookups then answer what the plan built. */
    private synchronized Optional<Registered> byId(String id) {
        return resources.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * A stack-wide transformation that keeps each resource's options and args, so tests can ask what the engine
     * would be told a resource depends on (the mocks themselves only see type, name and inputs).
     */
    public ResourceTransformation optionsRecorder() {
        return args -> {
            synchronized (this) {
                registrations.put(args.resource().pulumiResourceType() + "::" + args.resource().pulumiResourceName(), args);
            }
            return Optional.empty();
        };
    }

    /** The names of the resources a resource's {@code dependsOn} option lists (needs {@link #optionsRecorder()}). */
    public List<String> dependsOn(Registered resource) {
        ResourceTransformation.Args args = registration(resource);
        return Internal.of(args.options().getDependsOn()).getValueOrDefault(List.of()).join().stream()
            .map(Resource::pulumiResourceName).sorted().toList();
    }

    /**
     * Every resource the engine is told this one depends on: its {@code dependsOn} option and the resources
     * behind each input's Output, as the SDK gathers them before it registers the resource.
     */
    public List<String> dependencies(Registered resource) {
        ResourceTransformation.Args args = registration(resource);
        java.util.Set<String> names = new java.util.TreeSet<>(dependsOn(resource));
        forEachInput(args.args(), (name, value) -> {
            if (value instanceof com.pulumi.core.Output<?> output) {
                Internal.of(output).getResources().join().forEach(r -> names.add(r.pulumiResourceName()));
            }
        });
        return List.copyOf(names);
    }

    private synchronized ResourceTransformation.Args registration(Registered resource) {
        ResourceTransformation.Args args = registrations.get(resource.type() + "::" + resource.name());
        if (args == null) {
            throw new AssertionError("no options recorded for " + resource.name()
                + ": run the program with RecordingMocks.optionsRecorder() as a resource transformation");
        }
        return args;
    }

    /** Every resource registered so far, in registration order. */
    public synchronized List<Registered> resources() {
        return List.copyOf(resources);
    }

    /** Every invoke token called so far. */
    public synchronized List<String> invokes() {
        return List.copyOf(invokes);
    }

    /** All resources of one type token, e.g. {@code aws:s3/bucketV2:BucketV2}. */
    public synchronized List<Registered> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).collect(Collectors.toList());
    }

    /** The one resource of a type whose logical name matches; fails if there is not exactly one. */
    public synchronized Registered single(String type, Predicate<String> name) {
        List<Registered> found = resources.stream()
            .filter(r -> r.type().equals(type) && name.test(r.name()))
            .collect(Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type + " matching, found " + found.size()
                + ": " + found.stream().map(Registered::name).collect(Collectors.toList()));
        }
        return found.get(0);
    }

    /** The one resource of a type; fails if there is not exactly one. */
    public Registered single(String type) {
        return single(type, n -> true);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** A short stable hex string derived from a name, so ids are the same on every run. */
    static String hex(String seed, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each {@code @Import} input of a resource's args, by its input name, with its value (null when unset). */
    public static void forEachInput(Object args, BiConsumer<String, Object> action) {
        for (Class<?> k = args.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field field : k.getDeclaredFields()) {
                Import imp = field.getAnnotation(Import.class);
                if (imp == null) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    action.accept(imp.name().isEmpty() ? field.getName() : imp.name(), field.get(args));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // An args class the JVM will not open: its inputs stay unmasked only if they were never secret.
                    throw new IllegalStateException("cannot inspect inputs of " + args.getClass().getName(), e);
                }
            }
        }
    }
}
