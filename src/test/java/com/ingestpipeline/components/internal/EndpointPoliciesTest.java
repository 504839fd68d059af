package com.ingestpipeline.components.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointPoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void s3Gateway_allowsTheStacksBucketsToItsAccount_andOnlyTheRegionsAl2023ReposToAnyone() throws Exception {
        JsonNode doc = JSON.readTree(EndpointPolicies.s3Gateway("aws", "eu-west-1", "123456789012",
            List.of("dev-ingest-bucket-1", "dev-compute-artifacts-2")));
        JsonNode stack = doc.path("Statement").get(0);
        assertThat(stack.path("Principal").asText()).isEqualTo("*");
        assertThat(strings(stack.path("Resource"))).containsExactly("arn:aws:s3:::dev-ingest-bucket-1",
            "arn:aws:s3:::dev-ingest-bucket-1/*", "arn:aws:s3:::dev-compute-artifacts-2", "arn:aws:s3:::dev-compute-artifacts-2/*");
        assertThat(stack.path("Condition").path("StringEquals").path("aws:PrincipalAccount").asText()).isEqualTo("123456789012");
        assertThat(strings(stack.path("Action"))).doesNotContain("s3:*", "*");
        JsonNode boot = doc.path("Statement").get(1);
        assertThat(boot.path("Action").asText()).isEqualTo("s3:GetObject");
        assertThat(boot.path("Resource").asText()).isEqualTo("arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*");
        assertThat(doc.path("Statement")).hasSize(2);
        assertThat(doc.toString()).doesNotContain("\"Resource\":\"*\"");
    }

    @Test
    void s3Gateway_withoutBuckets_isRefused() {
        assertThatThrownBy(() -> EndpointPolicies.s3Gateway("aws", "us-east-1", "1", List.of()))
            .hasMessageContaining("at least one bucket");
    }

    @Test
    void interfaceEndpoint_allowsItsServiceToPrincipalsOfTheAccountOnly() throws Exception {
        JsonNode st = JSON.readTree(EndpointPolicies.interfaceEndpoint("states", "123456789012")).path("Statement").get(0);
        assertThat(st.path("Action").asText()).isEqualTo("states:*");
        assertThat(st.path("Principal").asText()).isEqualTo("*");
        assertThat(st.path("Condition").path("StringEquals").path("aws:PrincipalAccount").asText()).isEqualTo("123456789012");
        assertThat(JSON.readTree(EndpointPolicies.interfaceEndpoint("monitoring", "1")).path("Statement").get(0)
            .path("Action").asText()).as("the CloudWatch endpoint's actions").isEqualTo("cloudwatch:*");
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
