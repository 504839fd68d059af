package com.ingestpipeline.components.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.ingestpipeline.components.internal.PolicyDocument.allow;
import static com.ingestpipeline.components.internal.PolicyDocument.deny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyDocumentTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void rendersScopedStatementsWithConditions() throws Exception {
        String doc = PolicyDocument.toJson(List.of(
            allow("ReadInput", List.of("s3:GetObject"), List.of("arn:aws:s3:::b/incoming/*")),
            deny("TlsOnly", List.of("s3:*"), List.of("arn:aws:s3:::b", "arn:aws:s3:::b/*"))
                .withAnyPrincipal().when("Bool", "aws:SecureTransport", "false")));
        JsonNode st = json.readTree(doc).get("Statement");
        assertThat(json.readTree(doc).get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(st.get(0).get("Action").asText()).isEqualTo("s3:GetObject");
        assertThat(st.get(0).get("Resource").asText()).isEqualTo("arn:aws:s3:::b/incoming/*");
        assertThat(st.get(0).has("Principal")).isFalse();
        assertThat(st.get(1).get("Effect").asText()).isEqualTo("Deny");
        assertThat(st.get(1).get("Principal").asText()).isEqualTo("*");
        assertThat(st.get(1).get("Resource")).hasSize(2);
        assertThat(st.get(1).at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
    }

    @Test
    void trustPolicyNamesTheServicePrincipal() throws Exception {
        JsonNode st = json.readTree(PolicyDocument.assumeRole("lambda.amazonaws.com")).get("Statement").get(0);
        assertThat(st.at("/Principal/Service").asText()).isEqualTo("lambda.amazonaws.com");
        assertThat(st.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(st.has("Resource")).isFalse();
    }

    @Test
    void refusesAllowOfEveryActionOnEveryResource() {
        assertThatThrownBy(() -> PolicyDocument.toJson(List.of(allow("Admin", List.of("*"), List.of("*")))))
            .hasMessageContaining("Admin").hasMessageContaining("IAM.1");
    }

    @Test
    void refusesAStatementWithoutActions() {
        assertThatThrownBy(() -> PolicyDocument.toJson(List.of(allow("Empty", List.of(), List.of("arn:aws:s3:::b")))))
            .hasMessageContaining("Empty has no actions");
    }

    @Test
    void serviceTrustLetsTheServiceActOnlyForTheNamedAccount() throws Exception {
        JsonNode st = json.readTree(PolicyDocument.toJson(List.of(
            PolicyDocument.serviceTrust("states.amazonaws.com", "123456789012")))).get("Statement").get(0);
        assertThat(st.at("/Principal/Service").asText()).isEqualTo("states.amazonaws.com");
        assertThat(st.get("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(st.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo("123456789012");
        assertThat(st.has("Resource")).isFalse();
    }
}
