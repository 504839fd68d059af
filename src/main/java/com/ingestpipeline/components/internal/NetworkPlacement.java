package com.ingestpipeline.components.internal;

import com.ingestpipeline.components.NetworkPlacementArgs;

import java.util.ArrayList;
import java.util.List;

/** The validation every component with a {@code network} input shares. */
public final class NetworkPlacement {
    private NetworkPlacement() {
    }

    /** Every problem with a component's {@code network} input, each naming its nested field. */
    public static List<String> problems(NetworkPlacementArgs network) {
        List<String> problems = new ArrayList<>();
        if (network == null || network.vpcId() == null) problems.add("network.vpcId is required");
        if (network == null || network.subnetIds() == null) problems.add("network.subnetIds is required");
        return problems;
    }
}
