package com.example.byovpc;

import com.ingestpipeline.components.BatchComputeNode;
import com.ingestpipeline.components.BatchComputeNodeArgs;
import com.ingestpipeline.components.Database;
import com.ingestpipeline.components.DatabaseArgs;
import com.ingestpipeline.components.IngestPipeline;
import com.ingestpipeline.components.IngestPipelineArgs;
import com.ingestpipeline.components.Network;
import com.ingestpipeline.components.NetworkArgs;
import com.ingestpipeline.components.OrchestrationFlow;
import com.ingestpipeline.components.OrchestrationFlowArgs;
import com.ingestpipeline.components.TagArgs;
import com.ingestpipeline.components.Transforms;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.aws.lambda.FunctionArgs;
import com.pulumi.resources.ComponentResourceOptions;

import java.util.List;

/**
 * Another team's program: the pipeline in a VPC it already has. Only the library's public
 * components are used; the function and worker jars come from inside the library jar.
 */
public final class App {
    /** The ingest function's memory, set through a transform because IngestPipelineArgs does not model it here. */
    static final int INGEST_MEMORY_MB = 2048;

    /** The SQL job the workers run, relative to the project directory (where Pulumi runs the program). */
    public static final String SQL_JOB = "jobs/orders-by-city.sql";

    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var config = ctx.config();
            stack(ctx, config.require("vpcId"), config.requireObject("subnetIds", List.class).stream()
                .map(String::valueOf).toList());
        });
    }

    /** The program, callable with a VPC and subnets so a test can run it under mocks. */
    public static void stack(Context ctx, String vpcId, List<String> subnetIds) {
        List<TagArgs> tags = List.of(TagArgs.of("team", "analytics"));
        ComponentResourceOptions none = ComponentResourceOptions.builder().build();

        Network network = new Network("analytics-net", NetworkArgs.builder()
            .existingVpcId(vpcId).existingSubnetIds(subnetIds).tags(tags).build(), none);
        Database database = new Database("analytics-db", DatabaseArgs.builder()
            .network(network.placement()).tags(tags).build(), none);
        // placement() and connection() are the network and database inputs of every client component.
        // The workers run this team's SQL over every upload instead of the profile job (path from the project).
        BatchComputeNode compute = new BatchComputeNode("analytics-compute", BatchComputeNodeArgs.builder()
            .network(network.placement()).database(database.connection()).sqlJobPath(SQL_JOB).tags(tags).build(), none);
        OrchestrationFlow flow = new OrchestrationFlow("analytics-flow", OrchestrationFlowArgs.builder()
            .activityArn(compute.activityArn).workerInstanceIds(compute.instanceIds)
            .workerInstanceArns(compute.instanceArns).network(network.placement()).database(database.connection())
            .tags(tags).build(), none);
        IngestPipeline ingest = new IngestPipeline("analytics-ingest", IngestPipelineArgs.builder()
            .stateMachineArn(flow.stateMachineArn).network(network.placement()).database(database.connection())
            .workerRoleName(compute.roleName).tags(tags).build(),
            // The escape hatch for what IngestPipelineArgs does not model: our files are large, so the ingest
            // function gets more memory (and with it more CPU) than the component's default.
            ComponentResourceOptions.builder().resourceTransformations(Transforms.override(FunctionArgs.class,
                "analytics-ingest-fn", fn -> FunctionArgs.builder(fn).memorySize(INGEST_MEMORY_MB).build())).build());

        ctx.export("bucketName", ingest.bucketName);
        ctx.export("inputPrefix", ingest.inputPrefix);
        ctx.export("stateMachineArn", flow.stateMachineArn);
        ctx.export("statusFunctionName", flow.statusFunctionName);
    }
}
