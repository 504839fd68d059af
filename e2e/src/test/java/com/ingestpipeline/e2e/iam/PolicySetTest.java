package com.ingestpipeline.e2e.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy evaluator the least-privilege proof relies on must say no when IAM would. */
class PolicySetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PolicySet policy(String statements) throws Exception {
        return new PolicySet("r").add("p", JSON.readTree("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}"));
    }

    @Test
    void allowsOnlyTheScopedPrefix_andMatchesActionsCaseInsensitively() throws Exception {
        PolicySet p = policy("{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"arn:aws:s3:::b/incoming/*\"}");
        assertThat(p.allows(new Authorization("s3:getobject", "arn:aws:s3:::b/incoming/a.csv"))).isTrue();
        assertThat(p.allows(new Authorization("s3:GetObject", "arn:aws:s3:::b/results/1/profile.json"))).isFalse();
        assertThat(p.allows(new Authorization("s3:GetObjectVersion", "arn:aws:s3:::b/incoming/a.csv"))).isFalse();
        assertThat(p.allows(new Authorization("s3:GetObject", "arn:aws:s3:::B/incoming/a.csv"))).as("resources are case-sensitive").isFalse();
    }

    @Test
    void explicitDeny_winsOverAllow() throws Exception {
        PolicySet p = policy("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::b/incoming/*\"}");
        assertThat(p.allows(new Authorization("s3:PutObject", "arn:aws:s3:::b/incoming/x"))).isFalse();
        assertThat(p.allows(new Authorization("s3:PutObject", "arn:aws:s3:::b/results/x"))).isTrue();
    }

    @Test
    void conditions_limitListingToThePrefix() throws Exception {
        PolicySet p = policy("{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::b\","
                + "\"Condition\":{\"StringLike\":{\"s3:prefix\":\"incoming/*\"}}}");
        assertThat(p.allows(new Authorization("s3:ListBucket", "arn:aws:s3:::b", Map.of("s3:prefix", "incoming/x")))).isTrue();
        assertThat(p.allows(new Authorization("s3:ListBucket", "arn:aws:s3:::b", Map.of("s3:prefix", "results/")))).isFalse();
        assertThat(p.allows(new Authorization("s3:ListBucket", "arn:aws:s3:::b"))).as("key absent, no IfExists").isFalse();
    }

    @Test
    void unmodelledPolicyFeatures_areRejected_notIgnored() {
        assertThatThrownBy(() -> policy("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}"))
                .hasMessageContaining("IpAddress");
        assertThatThrownBy(() -> policy("{\"Effect\":\"Allow\",\"NotAction\":\"s3:GetObject\",\"Resource\":\"*\"}"))
                .hasMessageContaining("NotAction");
    }
}
