package com.ingestpipeline.diagram;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchitectureTest {
    private static final String BUCKET = "n_s3_bucketV2_dev_ingest_bucket";
    private static final String INGEST = "n_lambda_function_dev_ingest_fn";
    private static final String STATUS = "n_lambda_function_dev_flow_status";
    private static final String FLOW = "n_sfn_stateMachine_dev_flow_sm";
    private static final String ACTIVITY = "n_sfn_activity_dev_compute_activity";
    private static final String WORKER = "n_ec2_instance_dev_compute_worker_0";
    private static final String VOLUME = "n_ebs_volume_dev_compute_data_0";
    private static final String DB = "n_rds_instance_dev_db_instance";

    @Test
    void dataFlow_isDerivedFromTheWiringInThePlan() {
        Architecture a = ArchitectureBuilder.from(PipelinePlan.create().json());

        assertThat(a.edges()).extracting(e -> e.from() + " -" + e.label() + "-> " + e.to()).containsExactlyInAnyOrder(
            BUCKET + " -object created-> " + INGEST,
            INGEST + " -start execution-> " + FLOW,
            INGEST + " -SQL :5432-> " + DB,
            FLOW + " -StartWorkers-> " + WORKER,
            FLOW + " -RunBatchTask-> " + ACTIVITY,
            FLOW + " -RecordFailure-> " + STATUS,
            ACTIVITY + " -poll task-> " + WORKER,
            BUCKET + " -read object-> " + WORKER,
            WORKER + " -write results-> " + BUCKET,
            WORKER + " -SQL :5432-> " + DB,
            WORKER + " -work dir-> " + VOLUME);
    }

    @Test
    void resourcesAreGroupedByTheirComponent_andPlumbingIsLeftOut() {
        Architecture a = ArchitectureBuilder.from(PipelinePlan.create().json());

        assertThat(a.groups()).extracting(Architecture.Group::title).containsExactly(
            "BatchComputeNode dev-compute", "Database dev-db", "IngestPipeline dev-ingest", "Network dev-network",
            "OrchestrationFlow dev-flow");
        assertThat(a.groups().get(0).nodes()).extracting(Architecture.Node::id)
            .containsExactly(ACTIVITY, WORKER, VOLUME);
        assertThat(a.nodes()).extracting(Architecture.Node::name).doesNotContain("dev-compute-role", "dev-compute-profile");
        assertThat(a.node("g_dev_network_endpoints")).get().extracting(Architecture.Node::name)
            .isEqualTo("s3 (gateway), ssm");
    }

    @Test
    void mermaidAndDot_showEveryNodeAndEdge_identicallyOnEveryRun() {
        Architecture a = ArchitectureBuilder.from(PipelinePlan.create().json());

        String mermaid = Renderers.mermaid(a);
        assertThat(mermaid).startsWith("flowchart LR\n")
            .contains("subgraph g_dev_ingest[\"IngestPipeline dev-ingest\"]")
            .contains(BUCKET + "[(\"S3: dev-data\")]")
            .contains(BUCKET + " -- \"object created\" --> " + INGEST);
        assertThat(Renderers.mermaid(ArchitectureBuilder.from(PipelinePlan.create().json()))).isEqualTo(mermaid);
        assertThat(Renderers.dot(a)).contains("subgraph cluster_g_dev_compute")
            .contains(WORKER + " -> " + VOLUME + " [label=\"work dir\"]");
    }

    @Test
    void writer_rendersSvgWithGraphviz_orSaysWhatToInstall(@TempDir Path dir) throws Exception {
        Architecture a = ArchitectureBuilder.from(PipelinePlan.create().json());

        DiagramWriter.Written missing = new DiagramWriter("/nonexistent/dot").write(a, dir, "dev");
        assertThat(missing.svg()).isEmpty();
        assertThat(missing.note()).contains("apt-get install graphviz");
        assertThat(Files.readString(missing.mermaid())).isEqualTo(Renderers.mermaid(a));

        if (Files.isExecutable(Path.of("/usr/bin/dot"))) {
            DiagramWriter.Written written = DiagramWriter.withGraphviz().write(a, dir, "dev");
            assertThat(written.svg()).isPresent();
            assertThat(Files.readString(written.svg().get())).contains("<svg").contains("dev&#45;data").contains("write results");
        }
    }

    @Test
    void readmeBlock_isReplacedBetweenTheMarkersOnly() {
        String readme = "# Title\n" + ReadmeSection.BEGIN + "\nold\n" + ReadmeSection.END + "\nrest\n";

        String updated = ReadmeSection.replace(readme, ReadmeSection.render("flowchart LR\n"));

        assertThat(updated).startsWith("# Title\n" + ReadmeSection.BEGIN).endsWith(ReadmeSection.END + "\nrest\n")
            .contains("```mermaid\nflowchart LR\n```").doesNotContain("old");
        assertThatThrownBy(() -> ReadmeSection.replace("# no markers", "x")).hasMessageContaining(ReadmeSection.BEGIN);
    }
}
