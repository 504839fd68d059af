package com.ingestpipeline.components.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GrantsTest {
    private static final AwsLocation IRELAND = new AwsLocation("aws", "eu-west-1", "amazonaws.com", "com.amazonaws");
    private static final AwsLocation BEIJING = new AwsLocation("aws-cn", "cn-north-1", "amazonaws.com.cn",
        "cn.com.amazonaws");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void secretAccessIsScopedToOneSecretAndDecryptOnlyThroughSecretsManager() throws Exception {
        String secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-abc";
        String key = "arn:aws:kms:eu-west-1:123456789012:key/k-1";
        JsonNode st = json.readTree(PolicyDocument.toJson(List.of(Grants.readSecret(secret),
            Grants.decryptSecret(key, IRELAND)))).get("Statement");
        assertThat(st.get(0).get("Sid").asText()).isEqualTo("ReadDatabaseSecret");
        assertThat(st.get(0).get("Effect").asText()).isEqualTo("Allow");
        // GetSecretValue is all a client or RDS Proxy calls; DescribeSecret would only widen the grant.
        assertThat(st.get(0).get("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(st.get(0).get("Resource").asText()).isEqualTo(secret);
        assertThat(st.get(1).get("Sid").asText()).isEqualTo("DecryptDatabaseSecret");
        assertThat(st.get(1).get("Action").asText()).isEqualTo("kms:Decrypt");
        assertThat(st.get(1).get("Resource").asText()).isEqualTo(key);
        assertThat(st.get(1).at("/Condition/StringEquals/kms:ViaService").asText())
            .isEqualTo("secretsmanager.eu-west-1.amazonaws.com");
    }

    @Test
    void serviceNamesFollowThePartition() {
        assertThat(Grants.decryptSecret("k", BEIJING).conditions().get(0).values())
            .containsExactly("secretsmanager.cn-north-1.amazonaws.com.cn");
        assertThat(Grants.decryptVia("ArtifactKey", "k", "s3", BEIJING).conditions().get(0).values())
            .containsExactly("s3.cn-north-1.amazonaws.com.cn");
        assertThat(BEIJING.s3PrefixListName()).isEqualTo("cn.com.amazonaws.cn-north-1.s3");
        assertThat(IRELAND.s3PrefixListName()).isEqualTo("com.amazonaws.eu-west-1.s3");
        assertThat(BEIJING.endpointServiceName("logs")).isEqualTo("cn.com.amazonaws.cn-north-1.logs");
        assertThat(BEIJING.arn("ec2", "123456789012", "instance/i-1"))
            .isEqualTo("arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-1");
    }
}
