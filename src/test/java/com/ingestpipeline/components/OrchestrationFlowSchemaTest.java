package com.ingestpipeline.components;

import com.pulumi.provider.internal.Metadata;
import com.pulumi.provider.internal.infer.ComponentAnalyzer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The component can be packaged for other languages: Pulumi's own analyzer accepts it. */
class OrchestrationFlowSchemaTest {
    @Test
    void pulumiComponentAnalyzerDerivesTheSchemaWithEveryArgAndOutput() {
        var schema = ComponentAnalyzer.generateSchema(new Metadata("ingestpipeline"), OrchestrationFlow.class);
        var resource = schema.getResources().get("ingestpipeline:index:OrchestrationFlow");
        assertThat(resource).isNotNull();
        String text = resource.toString();
        assertThat(text).contains("activityArn", "workerInstanceIds", "heartbeatSeconds", "statusFunctionCode",
            "alarmActionArns", "stateMachineArn", "statusFunctionArn", "definition", "logGroupName");
    }
}
