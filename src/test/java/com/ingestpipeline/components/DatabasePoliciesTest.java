package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabasePoliciesTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void serviceTrustNamesTheServiceAndPinsTheAccount() throws Exception {
        JsonNode st = json.readTree(DatabasePolicies.serviceTrust("rds.amazonaws.com", "210987654321"))
            .get("Statement");
        assertThat(st).hasSize(1);
        assertThat(st.get(0).get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(st.get(0).at("/Principal/Service").asText()).isEqualTo("rds.amazonaws.com");
        assertThat(st.get(0).at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo("210987654321");
        assertThat(st.get(0).has("Resource")).isFalse();
    }
}
