package com.ingestpipeline.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import com.ingestpipeline.testing.MockRun;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.test.PulumiTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Network.placement() and Database.connection() passed straight to the components that use them. */
class PlacementAndConnectionTest {
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/stack";
    private static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    private static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    private static final String SG = "aws:ec2/securityGroup:SecurityGroup";
    private final ObjectMapper json = new ObjectMapper();

    private static String value(Output<?> output) {
        return String.valueOf(Internal.of(output).getDataAsync().join().getValueNullable());
    }

    @Test
    void theWorkerGetsTheNetworksPlacementAndTheDatabasesProxyKeyAndGroup() throws Exception {
        Path jar = Files.createTempFile("placement-worker-", ".jar");
        Files.writeString(jar, "worker bytes");
        var outcome = MockRun.run(ctx -> {
            var network = new Network("net", NetworkArgs.builder().build(), null);
            var database = new Database("db", DatabaseArgs.builder().network(network.placement())
                .kmsKeyArn(KEY).proxy(true).build(), null);
            new BatchComputeNode("node", BatchComputeNodeArgs.builder().network(network.placement())
                .database(database.connection()).workerJarPath(jar.toString()).build(), null);
            ctx.export("host", database.host);
            ctx.export("s3PrefixListId", network.s3PrefixListId);
            ctx.export("privateSubnetIds", network.privateSubnetIds);
        });
        RecordingMocks m = outcome.mocks();
        String host = (String) PulumiTest.extractValue(outcome.result().output("host"));
        // With the proxy on, clients connect to the proxy endpoint.
        assertThat(host).contains(".proxy-");
        @SuppressWarnings("unchecked")
        List<String> subnets = (List<String>) PulumiTest.extractValue(outcome.result().output("privateSubnetIds"));

        Registered instance = m.single("aws:ec2/instance:Instance");
        assertThat(instance.input("subnetId")).isEqualTo(subnets.get(0));
        assertThat((String) instance.input("userData")).contains("DB_HOST='" + host + "'").contains("DB_PORT='5432'")
            .contains("DB_NAME='ingest'").contains("DB_SSL_MODE='verify-full'");
        assertThat(m.single(SG, "node-sg"::equals).input("vpcId")).isEqualTo(m.single("aws:ec2/vpc:Vpc").id());
        // The VPC CIDR and the S3 prefix list come from the network, not from lookups.
        assertThat(m.single(EGRESS, "node-egress-https-vpc"::equals).input("cidrIpv4")).isEqualTo("10.0.0.0/16");
        assertThat(m.single(EGRESS, "node-egress-https-s3"::equals).input("prefixListId"))
            .isEqualTo(PulumiTest.extractValue(outcome.result().output("s3PrefixListId")));
        Registered ingress = m.single(INGRESS, "node-db-ingress"::equals);
        assertThat(ingress.input("securityGroupId")).isEqualTo(m.single(SG, "db-sg"::equals).id());
        assertThat(ingress.input("referencedSecurityGroupId")).isEqualTo(m.single(SG, "node-sg"::equals).id());

        JsonNode statements = json.readTree((String) m.single("aws:iam/rolePolicy:RolePolicy",
            "node-worker-policy"::equals).input("policy")).get("Statement");
        JsonNode decrypt = null;
        for (JsonNode s : statements) {
            if ("DecryptDatabaseSecret".equals(s.path("Sid").asText())) {
                decrypt = s;
            }
        }
        assertThat(decrypt).isNotNull();
        assertThat(decrypt.path("Resource").asText()).isEqualTo(KEY);
        assertThat(decrypt.at("/Condition/StringEquals/kms:ViaService").asText())
            .isEqualTo("secretsmanager.us-east-1.amazonaws.com");
    }

    @Test
    void withoutTheS3GatewayEndpointThePlacementLeavesThePrefixListToBeLookedUp() {
        AtomicReference<NetworkPlacementArgs> placement = new AtomicReference<>();
        MockRun.run(ctx -> placement.set(new Network("net", NetworkArgs.builder().s3GatewayEndpoint(false).build(), null)
            .placement()));
        assertThat(placement.get().s3PrefixListId()).isEmpty();
        assertThat(placement.get().vpcCidr()).isPresent();

        MockRun.run(ctx -> placement.set(new Network("net", NetworkArgs.builder().build(), null).placement()));
        assertThat(placement.get().s3PrefixListId()).isPresent();
    }

    @Test
    void anExistingDatabaseConnectsOnItsOwnPortWithoutAKeyGrant() {
        var outcome = MockRun.run(ctx -> {
            var database = new Database("db", DatabaseArgs.builder().existingHost("pg.example.internal")
                .existingDatabaseName("app").existingPort(6432).existingSecurityGroupId("sg-0existing")
                .existingSecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:app").runMigrations(false)
                .build(), null);
            DatabaseConnectionArgs connection = database.connection();
            assertThat(connection.port()).contains(6432);
            assertThat(connection.secretKmsKeyArn()).isEmpty();
            assertThat(connection.sslMode()).isEmpty();
            new OrchestrationFlow("flow", OrchestrationFlowTest.required().database(connection).build(), null);
        });
        RecordingMocks m = outcome.mocks();
        Registered status = m.single("aws:lambda/function:Function", "flow-status"::equals);
        assertThat(DatabaseTest.env(status)).containsEntry("DB_HOST", "pg.example.internal")
            .containsEntry("DB_PORT", "6432").containsEntry("DB_NAME", "app").containsEntry("DB_SSL_MODE", "verify-full");
        Registered ingress = m.single(INGRESS, n -> n.startsWith("flow-status"));
        assertThat(ingress.inputs()).containsEntry("securityGroupId", "sg-0existing").containsEntry("fromPort", 6432.0);
        assertThat(String.valueOf(m.single("aws:iam/rolePolicy:RolePolicy", n -> n.startsWith("flow-status"))
            .input("policy"))).doesNotContain("kms:");
    }

    @Test
    void aBuilderFromAConnectionCopiesItAndLeavesTheOriginalAlone() {
        DatabaseConnectionArgs original = DatabaseConnectionArgs.builder().host("h").port(6432).name("n")
            .secretArn("s").secretKmsKeyArn("k").securityGroupId("sg").build();
        DatabaseConnectionArgs.Builder builder = DatabaseConnectionArgs.builder(original).sslMode("verify-ca");
        DatabaseConnectionArgs changed = builder.build();
        builder.port(7000);

        assertThat(original.sslMode()).isEmpty();
        assertThat(changed.sslMode()).contains("verify-ca");
        assertThat(changed.port()).contains(6432);
        assertThat(Map.of("host", value(changed.host()), "name", value(changed.name()),
            "secretArn", value(changed.secretArn()), "key", value(changed.secretKmsKeyArn().orElseThrow()),
            "group", value(changed.securityGroupId().orElseThrow())))
            .isEqualTo(Map.of("host", "h", "name", "n", "secretArn", "s", "key", "k", "group", "sg"));
    }

    @Test
    void clientsReceiveTheHostOnlyAfterTheMigrationsRan() {
        var resources = new java.util.ArrayList<String>();
        MockRun.run(ctx -> {
            var network = new Network("net", NetworkArgs.builder().build(), null);
            var database = new Database("db", DatabaseArgs.builder().network(network.placement())
                .build(), null);
            Internal.of(database.connection().host()).getDataAsync().join().getResources()
                .forEach(r -> resources.add(r.pulumiResourceType() + " " + r.pulumiResourceName()));
            // The exported host is the instance's own, for operators: no wait on migrations there.
            assertThat(Internal.of(database.host).getDataAsync().join().getResources())
                .noneMatch(r -> r.pulumiResourceType().equals("aws:lambda/invocation:Invocation"));
        });
        assertThat(resources).contains("aws:lambda/invocation:Invocation db-migrations");
    }

    @Test
    void withoutMigrationsClientsGetTheHostAtOnce() {
        var resources = new java.util.ArrayList<String>();
        MockRun.run(ctx -> {
            var database = new Database("db", DatabaseArgs.builder().network(NetworkPlacementArgs.builder()
                .vpcId("vpc-0123456789abcdef0").subnetIds(List.of("subnet-0aaa", "subnet-0bbb")).build()).runMigrations(false).build(), null);
            Internal.of(database.connection().host()).getDataAsync().join().getResources()
                .forEach(r -> resources.add(r.pulumiResourceType()));
        });
        assertThat(resources).doesNotContain("aws:lambda/invocation:Invocation");
    }
}
