package com.ingestpipeline.components;

import com.pulumi.resources.ResourceArgs;
import com.pulumi.resources.ResourceTransformation;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The escape hatch for a property the Args do not model: Pulumi's resource transformations (the Java SDK's
 * {@code resourceTransformations}, which the newer SDKs call {@code transforms}) on a component apply to every
 * child it creates, before the child is registered. This builds a typed one:
 *
 * <pre>{@code
 * new IngestPipeline("ingest", args, ComponentResourceOptions.builder()
 *     .resourceTransformations(Transforms.override(FunctionArgs.class, "ingest-fn",
 *         fn -> FunctionArgs.builder(fn).memorySize(2048).build()))
 *     .build());
 * }</pre>
 *
 * The change bypasses the component's validation and its secure defaults for that property: what it sets is
 * the caller's to answer for (the security gate still checks the plan). docs/design.md lists the child names.
 */
public final class Transforms {
    private Transforms() {
    }

    /**
     * Rewrites the args of the child called {@code childName} whose args are of {@code argsType}; every other
     * resource is left alone.
     *
     * @param argsType  the provider's args class of the child, e.g. {@code FunctionArgs.class}
     * @param childName the child's full name, e.g. {@code "ingest-fn"} for IngestPipeline {@code "ingest"}
     * @param change    returns the new args, typically {@code XArgs.builder(old)...build()}
     */
    public static <A extends ResourceArgs> ResourceTransformation override(Class<A> argsType, String childName,
                                                                          UnaryOperator<A> change) {
        return t -> argsType.isInstance(t.args()) && childName.equals(t.resource().pulumiResourceName())
            ? Optional.of(new ResourceTransformation.Result(change.apply(argsType.cast(t.args())), t.options()))
            : Optional.empty();
    }
}
