package com.ingestpipeline.components;

import com.ingestpipeline.components.testing.RecordingMocks;
import com.ingestpipeline.components.testing.RecordingMocks.Registered;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new worker jar must not touch the instances: the provider stops, modifies and starts an instance whose user data
 * changes (terraform-provider-aws#27163), which would stop busy workers mid-task. The jar's key and hash live in a
 * pointer object the boot script reads instead.
 */
class BatchComputeNodeJarUpdateTest {
    private static final String INSTANCE = "aws:ec2/instance:Instance";
    private static final String OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";

    @BeforeAll
    static void workerJar() throws Exception {
        BatchComputeNodeTest.workerJar();
    }

    private static Path jar(String content) throws Exception {
        Path jar = Files.createTempFile("batch-worker-", ".jar");
        Files.writeString(jar, content);
        return jar;
    }

    private static String sha(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static RecordingMocks plan(Path jar) {
        return BatchComputeNodeTest.run(BatchComputeNodeTest.base().workerJarPath(jar.toString()).build()).mocks();
    }

    @Test
    void changingOnlyTheWorkerCodeLeavesEveryInstancesInputsIdentical() throws Exception {
        Path v1 = jar("worker code, release 1");
        Path v2 = jar("worker code, release 2");
        RecordingMocks before = plan(v1);
        RecordingMocks after = plan(v2);

        // The jar and its pointer change...
        assertThat(after.single(OBJECT, n -> n.equals("node-worker-jar")).input("key"))
            .isNotEqualTo(before.single(OBJECT, n -> n.equals("node-worker-jar")).input("key"));
        Registered pointer = after.single(OBJECT, n -> n.equals("node-jar-pointer"));
        assertThat(pointer.input("key")).isEqualTo("artifacts/batch-worker/current");
        assertThat(pointer.input("content")).isEqualTo("artifacts/batch-worker/" + sha(v2) + ".jar " + sha(v2) + "\n");
        // ...the instances do not: same user data, same everything, so no stop/modify/start.
        assertThat(after.ofType(INSTANCE)).isNotEmpty();
        for (Registered instance : before.ofType(INSTANCE)) {
            assertThat(after.single(INSTANCE, n -> n.equals(instance.name())).inputs()).as(instance.name())
                .isEqualTo(instance.inputs());
        }
        // The worker may read the pointer and any jar it names, whatever the release.
        assertThat(after.single("aws:iam/rolePolicy:RolePolicy", n -> n.equals("node-worker-policy")).input("policy"))
            .isEqualTo(before.single("aws:iam/rolePolicy:RolePolicy", n -> n.equals("node-worker-policy")).input("policy"));
    }

    @Test
    void thePointerIsWrittenOnlyAfterTheJarAndTheGrantToReadIt() throws Exception {
        RecordingMocks m = plan(jar("worker code"));
        Registered pointer = m.single(OBJECT, n -> n.equals("node-jar-pointer"));
        assertThat(m.dependsOn(pointer)).containsExactlyInAnyOrder("node-worker-jar", "node-worker-policy");
        assertThat(m.dependsOn(m.ofType(INSTANCE).get(0))).contains("node-jar-pointer");
    }
}
