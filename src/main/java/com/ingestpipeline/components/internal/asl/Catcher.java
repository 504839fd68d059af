package com.ingestpipeline.components.internal.asl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** One {@code Catch} entry: the errors it handles, where the error object goes, and the next state. */
public record Catcher(List<String> errorEquals, String resultPath, String next) {
    public Catcher {
        errorEquals = List.copyOf(errorEquals);
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        errorEquals.forEach(n.putArray("ErrorEquals")::add);
        if (resultPath != null) {
            n.put("ResultPath", resultPath);
        }
        n.put("Next", next);
        return n;
    }
}
