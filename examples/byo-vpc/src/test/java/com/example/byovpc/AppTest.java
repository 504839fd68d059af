package com.example.byovpc;

import com.ingestpipeline.components.testing.RecordingMocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs this program under the library's recording mocks, using nothing but the library jar. */
class AppTest {
    /** Two subnets the mocks place in different AZs (us-east-1c and us-east-1b). */
    private static final List<String> SUBNETS = List.of("subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444b");

    private static RecordingMocks run() {
        RecordingMocks mocks = new RecordingMocks();
        try {
            TestResult result = PulumiTest.withMocks(mocks)
                .withOptions(TestOptions.builder().projectName("byo-vpc-ingest").stackName("test").preview(false).build())
                .runTest(ctx -> App.stack(ctx, "vpc-0byo0000000000001", SUBNETS));
            assertThat(result.exceptions()).isEmpty();
            assertThat(result.errors()).isEmpty();
            return mocks;
        } finally {
            PulumiTest.cleanup();
        }
    }

    @Test
    void existingVpc_isUsedAndNoNetworkIsCreated() {
        RecordingMocks mocks = run();

        assertThat(mocks.ofType("aws:ec2/vpc:Vpc")).isEmpty();
        assertThat(mocks.ofType("aws:ec2/subnet:Subnet")).isEmpty();
        var db = mocks.single("aws:rds/subnetGroup:SubnetGroup");
        assertThat(db.input("subnetIds")).isEqualTo(SUBNETS);
        var functions = mocks.ofType("aws:lambda/function:Function");
        assertThat(functions).isNotEmpty().allSatisfy(f -> assertThat(f.input("vpcConfig"))
            .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
            .containsEntry("subnetIds", SUBNETS));
    }

    @Test
    void everyDatabaseClient_connectsThroughTheDatabasesConnection() {
        RecordingMocks mocks = run();

        String databaseGroup = mocks.single("aws:ec2/securityGroup:SecurityGroup", n -> n.equals("analytics-db-sg")).id();
        // Each client adds its own 5432 rule on the database's group: the worker, the status and ingest functions.
        var ingress = mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").stream()
            .filter(r -> databaseGroup.equals(r.input("securityGroupId"))).map(RecordingMocks.Registered::name).toList();
        assertThat(ingress).contains("analytics-compute-db-ingress", "analytics-flow-status-db-ingress",
            "analytics-ingest-fn-db-ingress");
        var ingest = mocks.ofType("aws:lambda/function:Function").stream()
            .filter(f -> String.valueOf(f.input("handler")).contains("IngestHandler")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) ingest.input("environment")).get("variables");
        assertThat(env).containsEntry("DB_PORT", "5432").containsEntry("DB_SSL_MODE", "verify-full")
            .containsEntry("DB_NAME", "ingest");
        assertThat((String) mocks.single("aws:ec2/instance:Instance").input("userData"))
            .contains("DB_HOST='" + env.get("DB_HOST") + "'");
    }

    @Test
    void theIngestFunctionsMemory_comesFromTheProgramsTransform_andNoOtherFunctionChanges() {
        RecordingMocks mocks = run();
        assertThat(mocks.single("aws:lambda/function:Function", n -> n.equals("analytics-ingest-fn"))
            .input("memorySize")).isEqualTo((double) App.INGEST_MEMORY_MB);
        assertThat(mocks.single("aws:lambda/function:Function", n -> n.equals("analytics-flow-status"))
            .input("memorySize")).isNotEqualTo((double) App.INGEST_MEMORY_MB);
    }

    @Test
    void sqlJob_isUploadedBesideTheJarUnderItsSha256_andTheJarPointerNamesIt() throws Exception {
        RecordingMocks mocks = run();

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(Files.readAllBytes(Path.of(App.SQL_JOB))));
        var sql = mocks.single("aws:s3/bucketObjectv2:BucketObjectv2", n -> n.equals("analytics-compute-sql-job"));
        assertThat(sql.input("key")).isEqualTo("artifacts/batch-worker/" + sha256 + ".sql");
        assertThat(pathOf(sql.input("source"))).isEqualTo(Path.of(App.SQL_JOB).toString());
        // Every worker's boot script reads the pointer; its second line names the SQL job and its hash.
        var pointer = mocks.single("aws:s3/bucketObjectv2:BucketObjectv2", n -> n.equals("analytics-compute-jar-pointer"));
        assertThat((String) pointer.input("content")).endsWith("\nartifacts/batch-worker/" + sha256 + ".sql " + sha256 + "\n");
    }

    @Test
    void bundledFunctionJar_isMaterialisedAtAStableContentAddressedPath() throws Exception {
        String first = ingestCodePath(run());
        String second = ingestCodePath(run());

        Path jar = Path.of(first);
        assertThat(second).isEqualTo(first);
        assertThat(jar).exists().isRegularFile();
        assertThat(jar.getParent().getParent().getFileName().toString()).isEqualTo("ingest-pipeline-artifacts");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        assertThat(jar.getParent().getFileName().toString()).isEqualTo(sha256);
    }

    private static String ingestCodePath(RecordingMocks mocks) {
        var ingest = mocks.ofType("aws:lambda/function:Function").stream()
            .filter(f -> String.valueOf(f.input("handler")).contains("IngestHandler")).findFirst().orElseThrow();
        return pathOf(ingest.input("code"));
    }

    /** The path of a file asset or archive as the mocks record it. */
    private static String pathOf(Object code) {
        if (code instanceof Map<?, ?> map && map.get("path") != null) {
            return String.valueOf(map.get("path"));
        }
        var internal = com.pulumi.asset.AssetOrArchive.AssetOrArchiveInternal.from((com.pulumi.asset.AssetOrArchive) code);
        return String.valueOf(internal.getValue());
    }
}
