package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.internal.PolicyDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatabasePoliciesTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void secretAccessIsScopedToOneSecretAndDecryptOnlyThroughSecretsManager() throws Exception {
        String secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-abc";
        String key = "arn:aws:kms:eu-west-1:123456789012:key/k-1";
        JsonNode st = json.readTree(PolicyDocument.toJson(List.of(DatabasePolicies.readSecret(secret),
            DatabasePolicies.decryptSecretViaSecretsManager(key, "eu-west-1")))).get("Statement");
        assertThat(st.get(0).get("Effect").asText()).isEqualTo("Allow");
        assertThat(st.get(0).get("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(st.get(0).get("Resource").asText()).isEqualTo(secret);
        assertThat(st.get(1).get("Action").asText()).isEqualTo("kms:Decrypt");
        assertThat(st.get(1).get("Resource").asText()).isEqualTo(key);
        assertThat(st.get(1).at("/Condition/StringEquals/kms:ViaService").asText())
            .isEqualTo("secretsmanager.eu-west-1.amazonaws.com");
    }

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
