package com.ingestpipeline.gate;

/** A plan with one resource of each kind the gate checks, every one of them compliant. */
final class CompliantPlan {
    private CompliantPlan() {
    }

    /** An interface endpoint policy that admits principals of the stack's account only. */
    static String accountOnly(String service) {
        return "{'Statement':[{'Effect':'Allow','Principal':'*','Action':'" + service + ":*','Resource':'*',"
            + "'Condition':{'StringEquals':{'aws:PrincipalAccount':'123456789012'}}}]}";
    }

    static TestPlan create() {
        return new TestPlan()
            .add("aws:ec2/vpc:Vpc", "net-vpc", "vpc-1", "{'cidrBlock':'10.0.0.0/16'}")
            .add("aws:ec2/flowLog:FlowLog", "net-flow-log", "fl-1", "{'vpcId':'vpc-1','trafficType':'ALL'}")
            .add("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "net-default-sg", "sg-0", "{'vpcId':'vpc-1'}")
            .add("aws:ec2/vpcEndpoint:VpcEndpoint", "net-ssm", "vpce-1", "{'vpcEndpointType':'Interface',"
                + "'serviceName':'com.amazonaws.us-east-1.ssm','policy':" + accountOnly("ssm") + "}")
            .add("aws:ec2/vpcEndpoint:VpcEndpoint", "net-ssmmessages", "vpce-2", "{'vpcEndpointType':'Interface',"
                + "'serviceName':'com.amazonaws.us-east-1.ssmmessages','policy':" + accountOnly("ssmmessages") + "}")
            .add("aws:ec2/vpcEndpoint:VpcEndpoint", "net-ec2messages", "vpce-3", "{'vpcEndpointType':'Interface',"
                + "'serviceName':'com.amazonaws.us-east-1.ec2messages','policy':" + accountOnly("ec2messages") + "}")
            .add("aws:ec2/vpcEndpoint:VpcEndpoint", "net-s3", "vpce-4", "{'vpcEndpointType':'Gateway',"
                + "'serviceName':'com.amazonaws.us-east-1.s3'}")
            .add("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", "perimeter-s3", "vpce-4", "{'vpcEndpointId':'vpce-4',"
                + "'policy':{'Statement':[{'Sid':'StackBuckets','Effect':'Allow','Principal':'*','Action':['s3:GetObject'],"
                + "'Resource':['arn:aws:s3:::my-data/*'],'Condition':{'StringEquals':{'aws:PrincipalAccount':'123456789012'}}},"
                + "{'Sid':'Boot','Effect':'Allow','Principal':'*','Action':'s3:GetObject',"
                + "'Resource':'arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*'}]}}")
            .add("aws:ec2/subnet:Subnet", "net-private-a", "subnet-a",
                "{'vpcId':'vpc-1','availabilityZone':'us-east-1a','mapPublicIpOnLaunch':false}")
            .add("aws:ec2/subnet:Subnet", "net-private-b", "subnet-b",
                "{'vpcId':'vpc-1','availabilityZone':'us-east-1b','mapPublicIpOnLaunch':false}")
            .add("aws:ec2/routeTable:RouteTable", "net-private-rt", "rtb-1", "{'vpcId':'vpc-1','routes':[]}")
            .add("aws:ec2/routeTableAssociation:RouteTableAssociation", "net-private-a-rta", "rtbassoc-a",
                "{'subnetId':'subnet-a','routeTableId':'rtb-1'}")
            .add("aws:ec2/routeTableAssociation:RouteTableAssociation", "net-private-b-rta", "rtbassoc-b",
                "{'subnetId':'subnet-b','routeTableId':'rtb-1'}")
            .add("aws:s3/bucketV2:BucketV2", "data-bucket", "my-data", "{'bucket':'my-data'}")
            .add("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-bucket-pab", "{'bucket':'my-data',"
                + "'blockPublicAcls':true,'blockPublicPolicy':true,'ignorePublicAcls':true,'restrictPublicBuckets':true}")
            .add("aws:s3/bucketPolicy:BucketPolicy", "data-bucket-policy", "{'bucket':'my-data','policy':"
                + "'{\\'Version\\':\\'2012-10-17\\',\\'Statement\\':[{\\'Effect\\':\\'Deny\\',\\'Principal\\':\\'*\\',"
                + "\\'Action\\':\\'s3:*\\',\\'Resource\\':[\\'arn:aws:s3:::my-data\\',\\'arn:aws:s3:::my-data/*\\'],"
                + "\\'Condition\\':{\\'Bool\\':{\\'aws:SecureTransport\\':\\'false\\'}}}]}'}")
            .add("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "data-bucket-ownership",
                "{'bucket':'my-data','rule':{'objectOwnership':'BucketOwnerEnforced'}}")
            .add("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "data-bucket-lifecycle",
                "{'bucket':'my-data','rules':[{'id':'abort-mpu','status':'Enabled'}]}")
            .add("aws:s3/bucketLoggingV2:BucketLoggingV2", "data-bucket-logging",
                "{'bucket':'my-data','targetBucket':'my-logs','targetPrefix':'s3-access/data-bucket/'}")
            .add("aws:s3/bucketV2:BucketV2", "logs-bucket", "my-logs", "{'bucket':'my-logs'}")
            .add("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "logs-bucket-pab", "{'bucket':'my-logs',"
                + "'blockPublicAcls':true,'blockPublicPolicy':true,'ignorePublicAcls':true,'restrictPublicBuckets':true}")
            .add("aws:s3/bucketPolicy:BucketPolicy", "logs-bucket-policy", "{'bucket':'my-logs','policy':"
                + "'{\\'Version\\':\\'2012-10-17\\',\\'Statement\\':[{\\'Effect\\':\\'Deny\\',\\'Principal\\':\\'*\\',"
                + "\\'Action\\':\\'s3:*\\',\\'Resource\\':[\\'arn:aws:s3:::my-logs\\',\\'arn:aws:s3:::my-logs/*\\'],"
                + "\\'Condition\\':{\\'Bool\\':{\\'aws:SecureTransport\\':\\'false\\'}}}]}'}")
            .add("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "logs-bucket-ownership",
                "{'bucket':'my-logs','rule':{'objectOwnership':'BucketOwnerEnforced'}}")
            .add("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "logs-bucket-lifecycle",
                "{'bucket':'my-logs','rules':[{'id':'expire-access-logs','status':'Enabled','expiration':{'days':365}}]}")
            .add("aws:lambda/function:Function", "ingest-fn", "ingest-fn", "{'runtime':'java21',"
                + "'vpcConfig':{'subnetIds':['subnet-a','subnet-b'],'securityGroupIds':['sg-fn']}}")
            .add("aws:lambda/permission:Permission", "ingest-fn-s3", "{'function':'ingest-fn',"
                + "'principal':'s3.amazonaws.com','sourceArn':'arn:aws:s3:::my-data','sourceAccount':'123456789012'}")
            .add("aws:rds/subnetGroup:SubnetGroup", "db-subnets", "db-subnets",
                "{'name':'db-subnets','subnetIds':['subnet-a','subnet-b']}")
            .add("aws:rds/instance:Instance", "db", "db", "{'engine':'postgres','dbSubnetGroupName':'db-subnets',"
                + "'publiclyAccessible':false,'storageEncrypted':true,'deletionProtection':true,"
                + "'enabledCloudwatchLogsExports':['postgresql','upgrade'],'iamDatabaseAuthenticationEnabled':true,"
                + "'backupRetentionPeriod':7,'autoMinorVersionUpgrade':true,'copyTagsToSnapshot':true,'multiAz':true}")
            .add("aws:ebs/volume:Volume", "worker-data", "vol-1", "{'encrypted':true,'size':100}")
            .add("aws:ec2/instance:Instance", "worker-0", "i-1", "{'subnetId':'subnet-a',"
                + "'associatePublicIpAddress':false,'iamInstanceProfile':'worker-profile',"
                + "'metadataOptions':{'httpTokens':'required'},'rootBlockDevice':{'encrypted':true}}")
            .add("aws:iam/instanceProfile:InstanceProfile", "worker-profile", "worker-profile",
                "{'role':'worker-role'}")
            .add("aws:iam/role:Role", "worker-role", "worker-role", "{'assumeRolePolicy':'{}'}")
            .add("aws:iam/rolePolicy:RolePolicy", "worker-ssm", "{'role':'worker-role','policy':{'Version':'2012-10-17',"
                + "'Statement':[{'Effect':'Allow','Action':'ssm:UpdateInstanceInformation','Resource':'*'},"
                + "{'Effect':'Allow','Action':['ssmmessages:CreateControlChannel','ssmmessages:CreateDataChannel',"
                + "'ssmmessages:OpenControlChannel','ssmmessages:OpenDataChannel'],'Resource':'*'},"
                + "{'Effect':'Allow','Action':['ec2messages:GetMessages'],'Resource':'*'}]}}")
            .add("aws:iam/rolePolicy:RolePolicy", "worker-s3", "{'role':'worker-role','policy':{'Version':'2012-10-17',"
                + "'Statement':[{'Effect':'Allow','Action':['s3:GetObject'],'Resource':'arn:aws:s3:::my-data/incoming/*'}]}}")
            .add("aws:ec2/securityGroup:SecurityGroup", "worker-sg", "sg-w", "{'vpcId':'vpc-1'}")
            .add("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "db-from-worker", "sgr-1",
                "{'securityGroupId':'sg-db','referencedSecurityGroupId':'sg-w','ipProtocol':'tcp','fromPort':5432,'toPort':5432}")
            .add("aws:sfn/stateMachine:StateMachine", "flow", "flow", "{'loggingConfiguration':{'level':'ERROR',"
                + "'includeExecutionData':false,'logDestination':'arn:aws:logs:us-east-1:123456789012:log-group:flow:*'}}")
            .add("aws:sns/topic:Topic", "alarms", "arn:aws:sns:us-east-1:123456789012:alarms",
                "{'kmsMasterKeyId':'arn:aws:kms:us-east-1:123456789012:key/abcd'}")
            .add("aws:sns/topicSubscription:TopicSubscription", "alarms-email", "{'protocol':'email',"
                + "'endpoint':'oncall@example.com','topic':'arn:aws:sns:us-east-1:123456789012:alarms'}")
            .add("aws:cloudwatch/metricAlarm:MetricAlarm", "flow-failed", "{'metricName':'ExecutionsFailed',"
                + "'alarmActions':['arn:aws:sns:us-east-1:123456789012:alarms']}")
            .add("aws:sqs/queue:Queue", "ingest-failures", "https://sqs.us-east-1.amazonaws.com/123456789012/ingest-failures",
                "{'sqsManagedSseEnabled':true}")
            .add("aws:sqs/queuePolicy:QueuePolicy", "ingest-failures-policy", "{'policy':{}}")
            .set("ingest-failures-policy", "/policy", "{'Version':'2012-10-17','Statement':["
                + "{'Sid':'DenyInsecureTransport','Effect':'Deny','Principal':'*','Action':'sqs:*',"
                + "'Resource':'arn:aws:sqs:us-east-1:123456789012:ingest-failures',"
                + "'Condition':{'Bool':{'aws:SecureTransport':'false'}}},"
                + "{'Sid':'EventBridgeDeadLetters','Effect':'Allow','Principal':{'Service':'events.amazonaws.com'},"
                + "'Action':'sqs:SendMessage','Resource':'arn:aws:sqs:us-east-1:123456789012:ingest-failures',"
                + "'Condition':{'ArnEquals':{'aws:SourceArn':'arn:aws:events:us-east-1:123456789012:rule/ingest-object-created'}}}]}");
    }
}
