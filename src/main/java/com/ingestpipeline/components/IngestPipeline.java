package com.ingestpipeline.components;

import com.ingestpipeline.components.internal.AutoNames;
import com.ingestpipeline.components.internal.AwsLocation;
import com.ingestpipeline.components.internal.DatabaseClient;
import com.ingestpipeline.components.internal.IngestPolicies;
import com.ingestpipeline.components.internal.PolicyDocument;
import com.ingestpipeline.components.internal.S3EventPatterns;
import com.ingestpipeline.components.internal.SecureBucket;
import com.ingestpipeline.components.internal.Tags;
import com.ingestpipeline.components.internal.VpcLambda;
import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventRuleArgs;
import com.pulumi.aws.cloudwatch.EventTarget;
import com.pulumi.aws.cloudwatch.EventTargetArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.cloudwatch.inputs.EventTargetDeadLetterConfigArgs;
import com.pulumi.aws.cloudwatch.inputs.EventTargetRetryPolicyArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.FunctionEventInvokeConfig;
import com.pulumi.aws.lambda.FunctionEventInvokeConfigArgs;
import com.pulumi.aws.lambda.Permission;
import com.pulumi.aws.lambda.PermissionArgs;
import com.pulumi.aws.lambda.inputs.FunctionEventInvokeConfigDestinationConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionEventInvokeConfigDestinationConfigOnFailureArgs;
import com.pulumi.aws.s3.BucketNotification;
import com.pulumi.aws.s3.BucketNotificationArgs;
import com.pulumi.aws.s3.inputs.BucketNotificationLambdaFunctionArgs;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.aws.sqs.QueueArgs;
import com.pulumi.aws.sqs.QueuePolicy;
import com.pulumi.aws.sqs.QueuePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * S3 → Lambda: the data bucket (new and secure, or an existing one), the ingest function in the VPC behind
 * an alias, the delivery of new objects under the input prefix (a bucket notification, or an EventBridge rule that
 * leaves an adopted bucket's notifications alone: {@link NotificationDelivery}), async failure handling (retries, an
 * encrypted SQS failure queue, alarms), and the worker role's access to the input and results prefixes.
 */
public final class IngestPipeline extends ComponentResource {
    public static final String TYPE = "ingestpipeline:index:IngestPipeline";

    @Export(name = "bucketName", refs = {String.class})
    public final Output<String> bucketName;

    @Export(name = "bucketArn", refs = {String.class})
    public final Output<String> bucketArn;

    @Export(name = "functionName", refs = {String.class})
    public final Output<String> functionName;

    @Export(name = "functionArn", refs = {String.class})
    public final Output<String> functionArn;

    /** The alias the notification targets (SnapStart applies to it); invoke this, not the function. */
    @Export(name = "aliasArn", refs = {String.class})
    public final Output<String> aliasArn;

    @Export(name = "roleArn", refs = {String.class})
    public final Output<String> roleArn;

    @Export(name = "failureQueueUrl", refs = {String.class})
    public final Output<String> failureQueueUrl;

    @Export(name = "failureQueueArn", refs = {String.class})
    public final Output<String> failureQueueArn;

    /** The function's security group (the database ingress rule names it). */
    @Export(name = "securityGroupId", refs = {String.class})
    public final Output<String> securityGroupId;

    @Export(name = "inputPrefix", refs = {String.class})
    public final Output<String> inputPrefix;

    @Export(name = "resultsPrefix", refs = {String.class})
    public final Output<String> resultsPrefix;

    /** {@code s3} or {@code eventbridge}: how new objects reach the function. */
    @Export(name = "notificationDelivery", refs = {String.class})
    public final Output<String> notificationDelivery;

    public IngestPipeline(String name, IngestPipelineArgs args, ComponentResourceOptions opts) {
        // Validated before super(): bad args fail before anything, even the component itself, is registered.
        super(TYPE, name, validated(name, args), opts);
        IngestPipelineDefaults.Settings settings = IngestPipelineDefaults.resolve(args);
        Map<String, String> tags = Tags.of(name, args.tags());
        CustomResourceOptions child = CustomResourceOptions.builder().parent(this).build();
        InvokeOptions invoke = InvokeOptions.builder().parent(this).build();
        Output<String> accountId = AwsLocation.account(invoke);
        Output<AwsLocation> location = AwsLocation.lookUp(invoke);

        List<Resource> bucketReady = new ArrayList<>();
        if (settings.bucket() != null) {
            SecureBucket bucket = SecureBucket.create(name + "-bucket", settings.bucket(), tags, this);
            this.bucketName = bucket.bucketName();
            this.bucketArn = bucket.arn();
            bucketReady.addAll(bucket.dependencies());
        } else {
            this.bucketName = settings.existingBucketName();
            this.bucketArn = Output.tuple(location, settings.existingBucketName())
                .applyValue(t -> t.t1.s3Arn(t.t2));
        }

        var queue = new Queue(name + "-failures", QueueArgs.builder()
            .sqsManagedSseEnabled(true)
            .messageRetentionSeconds(settings.failureQueueRetentionSeconds())
            .tags(tags)
            .build(), child);
        boolean eventBridge = NotificationDelivery.EVENTBRIDGE.equals(settings.delivery());
        EventRule rule = eventBridge ? objectCreatedRule(name, bucketName, settings, tags, child) : null;
        Output<String> ruleArn = rule != null ? rule.arn() : Output.ofNullable(null);
        var queuePolicy = new QueuePolicy(name + "-failures-policy", QueuePolicyArgs.builder()
            .queueUrl(queue.url())
            .policy(Output.tuple(queue.arn(), ruleArn)
                .applyValue(t -> PolicyDocument.toJson(IngestPolicies.failureQueue(t.t1, t.t2))))
            .build(), child);

        Output<String> kmsKeyArn = settings.kmsKeyArn() != null ? settings.kmsKeyArn() : Output.ofNullable(null);
        DatabaseClient database = settings.database();
        Output<List<PolicyDocument.Statement>> functionStatements = Output.tuple(bucketArn,
                args.stateMachineArn(), queue.arn(), kmsKeyArn, location)
            .applyValue(t -> IngestPolicies.ingestFunction(t.t1, settings.inputPrefix(), t.t2, t.t3, t.t4, t.t5));

        VpcLambda.Spec spec = VpcLambda.Spec.builder().extraStatements(database.secretStatements(invoke));
        var function = VpcLambda.create(name + "-fn", spec
            .description("ingest-pipeline " + name + ": records new objects and starts their workflow")
            .code(settings.code())
            .handler(settings.handler())
            .runtime(settings.runtime())
            .memoryMb(settings.memoryMb())
            .timeoutSeconds(settings.timeoutSeconds())
            .environment(environment(args, settings, bucketName))
            .network(args.network())
            .logRetentionDays(settings.logRetentionDays())
            .extraStatementList(functionStatements)
            .snapStart(settings.snapStart())
            .reservedConcurrency(settings.reservedConcurrency())
            .tags(tags)
            .databaseSecurityGroupId(database.securityGroupId())
            .databasePort(database.port())
            .build(), this);

        new FunctionEventInvokeConfig(name + "-async", FunctionEventInvokeConfigArgs.builder()
            .functionName(function.functionName())
            .qualifier(function.aliasName())
            .maximumRetryAttempts(settings.maxRetryAttempts())
            .maximumEventAgeInSeconds(settings.maxEventAgeSeconds())
            .destinationConfig(FunctionEventInvokeConfigDestinationConfigArgs.builder()
                .onFailure(FunctionEventInvokeConfigDestinationConfigOnFailureArgs.builder()
                    .destination(queue.arn()).build())
                .build())
            .build(), child);

        List<Resource> notificationDeps = new ArrayList<>(bucketReady);
        if (eventBridge) {
            var permission = new Permission(name + "-events-invoke", PermissionArgs.builder()
                .action("lambda:InvokeFunction")
                .function(function.functionName())
                .qualifier(function.aliasName())
                .principal("events.amazonaws.com")
                .sourceArn(rule.arn())
                .build(), child);
            // EventBridge invokes Lambda asynchronously: a failing invocation is retried by Lambda and then sent to
            // the on-failure destination above; this retry policy and dead-letter queue cover events EventBridge
            // could not deliver at all (throttling, a missing permission). Both end in the one failure queue.
            new EventTarget(name + "-object-created-target", EventTargetArgs.builder()
                .rule(rule.name())
                .arn(function.aliasArn())
                .retryPolicy(EventTargetRetryPolicyArgs.builder()
                    .maximumRetryAttempts(IngestPipelineDefaults.EVENTBRIDGE_RETRY_ATTEMPTS)
                    .maximumEventAgeInSeconds(settings.maxEventAgeSeconds())
                    .build())
                .deadLetterConfig(EventTargetDeadLetterConfigArgs.builder().arn(queue.arn()).build())
                .build(), CustomResourceOptions.builder().parent(this)
                    .dependsOn(permission, queuePolicy, function.alias()).build());
        } else {
            // SourceAccount as well as SourceArn: bucket names are global, so a deleted-and-recreated bucket of the
            // same name in another account must not be able to invoke the function (Security Hub Lambda.1).
            var permission = new Permission(name + "-s3-invoke", PermissionArgs.builder()
                .action("lambda:InvokeFunction")
                .function(function.functionName())
                .qualifier(function.aliasName())
                .principal("s3.amazonaws.com")
                .sourceArn(bucketArn)
                .sourceAccount(accountId)
                .build(), child);
            // S3 validates the destination when the notification is written, so the permission must exist first.
            notificationDeps.add(permission);
            notificationDeps.add(function.alias());
        }

        // Only a bucket the component created, or one whose owner set ownBucketNotifications: S3 keeps one
        // notification configuration per bucket and this resource replaces (and on destroy deletes) all of it.
        if (settings.ownsNotificationConfiguration()) {
            var notification = BucketNotificationArgs.builder().bucket(bucketName);
            if (eventBridge) {
                notification.eventbridge(true);
            } else {
                notification.lambdaFunctions(notificationRules(function.aliasArn(), settings));
            }
            new BucketNotification(name + "-notification", notification.build(),
                CustomResourceOptions.builder().parent(this).dependsOn(notificationDeps).build());
        }

        if (args.workerRoleName().isPresent()) {
            new RolePolicy(name + "-worker-access", RolePolicyArgs.builder()
                .role(args.workerRoleName().get())
                .policy(Output.tuple(bucketArn, kmsKeyArn, location).applyValue(t -> PolicyDocument.toJson(
                    IngestPolicies.worker(t.t1, settings.inputPrefix(), settings.resultsPrefix(), t.t2, t.t3))))
                .build(), child);
        }

        alarms(name, args, settings, queue, function, tags, child);

        this.functionName = function.functionName();
        this.functionArn = function.functionArn();
        this.aliasArn = function.aliasArn();
        this.roleArn = function.roleArn();
        this.failureQueueUrl = queue.url();
        this.failureQueueArn = queue.arn();
        this.securityGroupId = function.securityGroupId();
        this.inputPrefix = Output.of(settings.inputPrefix());
        this.resultsPrefix = Output.of(settings.resultsPrefix());
        this.notificationDelivery = Output.of(settings.delivery());
        registerOutputs(Map.ofEntries(
            Map.entry("bucketName", bucketName),
            Map.entry("bucketArn", bucketArn),
            Map.entry("functionName", functionName),
            Map.entry("functionArn", functionArn),
            Map.entry("aliasArn", aliasArn),
            Map.entry("roleArn", roleArn),
            Map.entry("failureQueueUrl", failureQueueUrl),
            Map.entry("failureQueueArn", failureQueueArn),
            Map.entry("securityGroupId", securityGroupId),
            Map.entry("inputPrefix", inputPrefix),
            Map.entry("resultsPrefix", resultsPrefix),
            Map.entry("notificationDelivery", notificationDelivery)));
    }

    private static IngestPipelineArgs validated(String name, IngestPipelineArgs args) {
        IngestPipelineDefaults.Settings settings = IngestPipelineDefaults.resolve(args);
        List<String> problems = new ArrayList<>(AutoNames.tooLong(List.of(
            new AutoNames.Child("function", name + "-fn", AutoNames.FUNCTION),
            new AutoNames.Child("function role", name + "-fn-role", AutoNames.ROLE))));
        if (NotificationDelivery.EVENTBRIDGE.equals(settings.delivery())) {
            problems.addAll(AutoNames.tooLong(List.of(
                new AutoNames.Child("EventBridge rule", name + "-object-created", AutoNames.EVENT_RULE))));
        }
        boolean autoNamedBucket = args.existingBucketName().isEmpty()
            && args.bucket().flatMap(IngestBucketArgs::bucketName).isEmpty();
        if (autoNamedBucket) {
            problems.addAll(AutoNames.tooLong(List.of(new AutoNames.Child("bucket", name + "-bucket", AutoNames.BUCKET))));
            problems.addAll(AutoNames.bucketChars(name));
        }
        AutoNames.check("IngestPipeline", name, problems);
        return args;
    }

    /** Exactly the variables docs/design.md lists for the ingest function. */
    private static Output<Map<String, String>> environment(IngestPipelineArgs args,
                                                          IngestPipelineDefaults.Settings settings,
                                                          Output<String> bucketName) {
        return Output.tuple(settings.database().environment(), args.stateMachineArn(), bucketName)
            .applyValue(t -> {
                Map<String, String> env = new TreeMap<>(t.t1);
                // The only bucket whose records the function reads: an event for any other is skipped unread.
                env.put("BUCKET_NAME", t.t3);
                env.put("STATE_MACHINE_ARN", t.t2);
                env.put("INPUT_PREFIX", settings.inputPrefix());
                env.put("RESULTS_PREFIX", settings.resultsPrefix());
                env.put("MAX_OBJECT_BYTES", Long.toString(settings.maxObjectBytes()));
                env.put("POWERTOOLS_SERVICE_NAME", "ingest");
                env.put("POWERTOOLS_LOG_LEVEL", settings.logLevel());
                env.put("JAVA_TOOL_OPTIONS", IngestPipelineDefaults.JAVA_TOOL_OPTIONS);
                return Map.copyOf(env);
            });
    }

    /**
     * One rule per suffix (S3 takes one prefix and one suffix per rule), all on the input prefix only, so
     * objects the worker writes under the results prefix never trigger the function.
     */
    private static List<BucketNotificationLambdaFunctionArgs> notificationRules(Output<String> target,
                                                                               IngestPipelineDefaults.Settings settings) {
        List<String> suffixes = settings.filterSuffixes().isEmpty() ? java.util.Collections.singletonList(null)
            : settings.filterSuffixes();
        List<BucketNotificationLambdaFunctionArgs> rules = new ArrayList<>();
        for (String suffix : suffixes) {
            var rule = BucketNotificationLambdaFunctionArgs.builder()
                .lambdaFunctionArn(target)
                .events(List.of("s3:ObjectCreated:*"))
                .filterPrefix(settings.inputPrefix());
            if (suffix != null) {
                rule.filterSuffix(suffix);
            }
            rules.add(rule.build());
        }
        return rules;
    }

    /**
     * Object Created on the default bus, for this bucket under the input prefix (and suffixes). S3 sends these events
     * only once EventBridge is on for the bucket: the BucketNotification below for a bucket the component owns, the
     * bucket owner otherwise (docs/ingest-pipeline.md).
     */
    private static EventRule objectCreatedRule(String name, Output<String> bucket,
                                               IngestPipelineDefaults.Settings settings, Map<String, String> tags,
                                               CustomResourceOptions child) {
        return new EventRule(name + "-object-created", EventRuleArgs.builder()
            .description("ingest-pipeline " + name + ": new objects under " + settings.inputPrefix())
            .eventPattern(bucket.applyValue(b -> S3EventPatterns.objectCreated(b, settings.inputPrefix(),
                settings.filterSuffixes())))
            .tags(tags)
            .build(), child);
    }

    /** The failure queue holding anything is an incident: every message there is an object nobody processed. */
    private static void alarms(String name, IngestPipelineArgs args, IngestPipelineDefaults.Settings settings,
                               Queue queue, VpcLambda function, Map<String, String> tags,
                               CustomResourceOptions child) {
        Output<List<String>> actions = args.alarmActionArns().orElse(Output.of(List.of()));
        new MetricAlarm(name + "-failures-alarm", MetricAlarmArgs.builder()
            .alarmDescription("Events the ingest function gave up on are waiting in " + name + "-failures")
            .namespace("AWS/SQS")
            .metricName("ApproximateNumberOfMessagesVisible")
            .dimensions(queue.name().applyValue(q -> Map.of("QueueName", q)))
            .statistic("Maximum")
            .period(300)
            .evaluationPeriods(1)
            .threshold(0.0)
            .comparisonOperator("GreaterThanThreshold")
            .treatMissingData("notBreaching")
            .alarmActions(actions)
            .tags(tags)
            .build(), child);
        new MetricAlarm(name + "-errors-alarm", MetricAlarmArgs.builder()
            .alarmDescription("The ingest function failed invocations (each is retried, then dead-lettered)")
            .namespace("AWS/Lambda")
            .metricName("Errors")
            .dimensions(function.functionName().applyValue(f -> Map.of("FunctionName", f)))
            .statistic("Sum")
            .period(300)
            .evaluationPeriods(1)
            .threshold((double) settings.errorAlarmThreshold())
            .comparisonOperator("GreaterThanOrEqualToThreshold")
            .treatMissingData("notBreaching")
            .alarmActions(actions)
            .tags(tags)
            .build(), child);
    }
}
