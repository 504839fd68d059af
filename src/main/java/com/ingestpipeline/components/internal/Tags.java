package com.ingestpipeline.components.internal;

import com.ingestpipeline.components.TagArgs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a component's tag list into the map AWS resources take, adding the component's own tag. */
public final class Tags {
    /** The tag every child carries, naming the component instance that owns it. */
    public static final String COMPONENT_TAG = "ingestpipeline:component";

    private Tags() {
    }

    /**
     * The caller's tags plus {@code ingestpipeline:component=<componentName>}; the component tag is set
     * last so a caller cannot hide which component owns a resource.
     */
    public static Map<String, String> of(String componentName, List<TagArgs> tags) {
        Map<String, String> out = new TreeMap<>();
        if (tags != null) {
            for (TagArgs t : tags) {
                out.put(t.key(), t.value());
            }
        }
        out.put(COMPONENT_TAG, componentName);
        return out;
    }

    /** The same map with a Name tag, for EC2 resources that the console lists by Name. */
    public static Map<String, String> named(Map<String, String> tags, String name) {
        Map<String, String> out = new TreeMap<>(tags);
        out.put("Name", name);
        return out;
    }
}
