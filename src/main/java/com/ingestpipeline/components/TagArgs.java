package com.ingestpipeline.components;

import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.Objects;

/**
 * One AWS tag that a component puts on every taggable child. A list of these (not a {@code Map}) is
 * what component Args take, because multi-language packaging cannot express Java maps.
 */
public final class TagArgs extends ResourceArgs {
    /** Tag key. Required. */
    @Import(name = "key", required = true)
    private String key;

    /** Tag value. Required. */
    @Import(name = "value", required = true)
    private String value;

    private TagArgs() {
    }

    /** A tag with this key and value. */
    public static TagArgs of(String key, String value) {
        TagArgs tag = new TagArgs();
        tag.key = Objects.requireNonNull(key, "key");
        tag.value = Objects.requireNonNull(value, "value");
        return tag;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }
}
