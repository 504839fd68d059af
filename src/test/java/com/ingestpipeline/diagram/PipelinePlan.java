package com.ingestpipeline.diagram;

import com.ingestpipeline.gate.TestPlan;

/** A synthetic plan wired like the pipeline: bucket → ingest λ → state machine → worker + EBS → bucket / RDS. */
final class PipelinePlan {
    static final String ACCT = "us-east-1:123456789012";

    private PipelinePlan() {
    }

    static TestPlan create() {
        String smDefinition = ("{'StartAt':'StartWorkers','States':{"
            + "'StartWorkers':{'Type':'Task','Resource':'arn:aws:states:::aws-sdk:ec2:startInstances',"
            + "'Parameters':{'InstanceIds':['i-1']},'Next':'RunBatchTask'},"
            + "'RunBatchTask':{'Type':'Task','Resource':'arn:aws:states:" + ACCT + ":activity:dev-activity','End':true},"
            + "'RecordFailure':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
            + "'Parameters':{'FunctionName':'arn:aws:lambda:" + ACCT + ":function:dev-status'},'Next':'Failed'},"
            + "'Failed':{'Type':'Fail'}}}").replace("'", "\\'");
        return new TestPlan()
            .component("ingestpipeline:index:Network", "dev-network")
            .add("aws:ec2/vpc:Vpc", "dev-network-vpc", "vpc-1", "{'cidrBlock':'10.20.0.0/16'}")
            .add("aws:ec2/vpcEndpoint:VpcEndpoint", "dev-network-ssm", "vpce-1",
                "{'vpcEndpointType':'Interface','serviceName':'com.amazonaws.us-east-1.ssm'}")
            .add("aws:ec2/vpcEndpoint:VpcEndpoint", "dev-network-s3", "vpce-2",
                "{'vpcEndpointType':'Gateway','serviceName':'com.amazonaws.us-east-1.s3'}")
            .component("ingestpipeline:index:Database", "dev-db")
            .add("aws:rds/instance:Instance", "dev-db-instance", "dev-db-instance",
                "{'identifier':'dev-db-instance','instanceClass':'db.t4g.micro','vpcSecurityGroupIds':['sg-db']}")
            .component("ingestpipeline:index:BatchComputeNode", "dev-compute")
            .add("aws:sfn/activity:Activity", "dev-compute-activity", "arn:aws:states:" + ACCT + ":activity:dev-activity",
                "{'name':'dev-activity'}")
            .add("aws:ec2/instance:Instance", "dev-compute-worker-0", "i-1", "{'instanceType':'t4g.medium',"
                + "'iamInstanceProfile':'dev-compute-profile','vpcSecurityGroupIds':['sg-w']}")
            .add("aws:ebs/volume:Volume", "dev-compute-data-0", "vol-1", "{'size':20,'type':'gp3'}")
            .add("aws:ec2/volumeAttachment:VolumeAttachment", "dev-compute-attach-0", "{'instanceId':'i-1','volumeId':'vol-1'}")
            .add("aws:iam/instanceProfile:InstanceProfile", "dev-compute-profile", "dev-compute-profile",
                "{'role':'dev-compute-role'}")
            .add("aws:iam/role:Role", "dev-compute-role", "dev-compute-role", "{}")
            .add("aws:iam/rolePolicy:RolePolicy", "dev-compute-policy", "{'role':'dev-compute-role','policy':{'Statement':["
                + "{'Effect':'Allow','Action':['states:GetActivityTask'],'Resource':'arn:aws:states:" + ACCT + ":activity:dev-activity'},"
                + "{'Effect':'Allow','Action':'s3:GetObject','Resource':'arn:aws:s3:::dev-data/incoming/*'},"
                + "{'Effect':'Allow','Action':'s3:PutObject','Resource':'arn:aws:s3:::dev-data/results/*'}]}}")
            .add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "dev-compute-db-ingress",
                "{'securityGroupId':'sg-db','referencedSecurityGroupId':'sg-w','fromPort':5432,'toPort':5432}")
            .component("ingestpipeline:index:OrchestrationFlow", "dev-flow")
            .add("aws:sfn/stateMachine:StateMachine", "dev-flow-sm", "arn:aws:states:" + ACCT + ":stateMachine:dev-flow",
                "{'name':'dev-flow','definition':'" + smDefinition + "'}")
            .add("aws:lambda/function:Function", "dev-flow-status", "dev-status",
                "{'name':'dev-status','runtime':'java21','memorySize':512}")
            .component("ingestpipeline:index:IngestPipeline", "dev-ingest")
            .add("aws:s3/bucketV2:BucketV2", "dev-ingest-bucket", "dev-data", "{'bucket':'dev-data'}")
            .add("aws:lambda/function:Function", "dev-ingest-fn", "dev-ingest-fn", "{'name':'dev-ingest-fn',"
                + "'runtime':'java21','memorySize':1024,'role':'arn:aws:iam::123456789012:role/dev-ingest-role',"
                + "'vpcConfig':{'securityGroupIds':['sg-fn'],'subnetIds':['subnet-a']}}")
            .add("aws:iam/role:Role", "dev-ingest-role", "dev-ingest-role", "{'inlinePolicies':[{'name':'start',"
                + "'policy':'{\\'Statement\\':[{\\'Effect\\':\\'Allow\\',\\'Action\\':\\'states:StartExecution\\',"
                + "\\'Resource\\':\\'arn:aws:states:" + ACCT + ":stateMachine:dev-flow\\'}]}'}]}")
            .add("aws:s3/bucketNotification:BucketNotification", "dev-ingest-notify", "{'bucket':'dev-data',"
                + "'lambdaFunctions':[{'lambdaFunctionArn':'arn:aws:lambda:" + ACCT + ":function:dev-ingest-fn'}]}")
            .add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "dev-ingest-db-ingress",
                "{'securityGroupId':'sg-db','referencedSecurityGroupId':'sg-fn','fromPort':5432,'toPort':5432}");
    }
}
