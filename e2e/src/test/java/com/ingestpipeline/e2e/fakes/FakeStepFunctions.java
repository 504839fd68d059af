package com.ingestpipeline.e2e.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Step Functions on loopback (awsJson1_0), the operations the ingest function and the worker use:
 * {@code StartExecution} on the state machines it knows (same name + same input while running returns the
 * same execution, as AWS does; otherwise {@code ExecutionAlreadyExists}), and the activity protocol
 * ({@code GetActivityTask} long poll, {@code SendTaskSuccess/Failure/Heartbeat} by task token). The state
 * machine itself does not run here: the test hands an execution's input to the activity with {@link #offerTask}
 * (what {@code RunBatchTask} does, {@code InputPath: $.file} = the execution input unchanged); the definition's
 * logic is exercised separately in the ASL interpreter.
 */
public final class FakeStepFunctions extends JsonApiServer {
    /** AWS holds GetActivityTask up to 60 s; shorter here so a stopping worker is not kept waiting. */
    private final Duration longPoll;
    private final Map<String, String> stateMachines = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Task>> activities = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    /** GetActivityTask calls being held (long polls not yet answered), whoever made them. */
    private final java.util.concurrent.atomic.AtomicInteger pendingPolls = new java.util.concurrent.atomic.AtomicInteger();

    /** One execution (by name) of a state machine; its status follows the activity task's outcome. */
    public static final class Execution {
        public final String arn;
        public final String name;
        public final String input;
        volatile String status = "RUNNING";

        Execution(String arn, String name, String input) {
            this.arn = arn;
            this.name = name;
            this.input = input;
        }

        public String status() {
            return status;
        }
    }

    /** An activity task and, once the worker answered, its outcome. */
    public static final class Task {
        public final String token;
        public final String activityArn;
        public final String executionName;
        public final String input;
        volatile String outcome = "SCHEDULED";
        volatile JsonNode output;
        volatile String error;
        volatile String cause;
        volatile int heartbeats;
        volatile String workerName;

        Task(String activityArn, String executionName, String input) {
            this.token = "tok-" + UUID.randomUUID();
            this.activityArn = activityArn;
            this.executionName = executionName;
            this.input = input;
        }

        public String outcome() {
            return outcome;
        }

        public JsonNode output() {
            return output;
        }

        public String error() {
            return error;
        }

        public String cause() {
            return cause;
        }

        public String workerName() {
            return workerName;
        }
    }

    public FakeStepFunctions(Duration longPoll) {
        super("AWSStepFunctions", "application/x-amz-json-1.0");
        this.longPoll = longPoll;
    }

    public FakeStepFunctions stateMachine(String arn) {
        stateMachines.put(arn, arn);
        return this;
    }

    public FakeStepFunctions activity(String arn) {
        activities.putIfAbsent(arn, new LinkedBlockingQueue<>());
        return this;
    }

    public List<Execution> executions() {
        return List.copyOf(executions.values());
    }

    /** Schedules {@code input} on the activity for the execution {@code executionName}, as RunBatchTask would. */
    public Task offerTask(String activityArn, String executionName, String input) {
        BlockingQueue<Task> queue = activities.get(activityArn);
        if (queue == null) {
            throw new IllegalArgumentException("unknown activity " + activityArn);
        }
        Task task = new Task(activityArn, executionName, input);
        tasks.put(task.token, task);
        queue.add(task);
        return task;
    }

    /** The task the token was issued for (the resource of a SendTask* call is the activity behind it). */
    public Optional<Task> taskByToken(String token) {
        return Optional.ofNullable(tasks.get(token));
    }

    /**
     * Waits until no GetActivityTask long poll is held. A worker that exits while its poll is held here leaves the
     * poll behind (as AWS does): a task offered in that window goes to the dead poller and is lost to the next
     * worker. Call it after stopping a worker and before offering a task meant for another.
     */
    public void awaitNoPendingPolls(Duration ceiling) throws InterruptedException {
        long deadline = System.nanoTime() + ceiling.toNanos();
        while (pendingPolls.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(pendingPolls.get() + " GetActivityTask poll(s) still held after " + ceiling);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the worker has answered {@code task}, or fails early once {@code workerAlive} turns false. */
    public Task awaitOutcome(Task task, Duration timeout, java.util.function.BooleanSupplier workerAlive)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (task.outcome.equals("SCHEDULED") || task.outcome.equals("STARTED")) {
            if (!workerAlive.getAsBoolean()) {
                throw new AssertionError("the worker exited before answering task " + task.token);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker did not answer task " + task.token + " within " + timeout
                        + " (state " + task.outcome + ")");
            }
            Thread.sleep(50);
        }
        return task;
    }

    @Override
    protected ObjectNode operation(String name, JsonNode request) throws InterruptedException {
        return switch (name) {
            case "StartExecution" -> startExecution(request);
            case "GetActivityTask" -> getActivityTask(request);
            case "SendTaskSuccess" -> finish(request, "SUCCEEDED");
            case "SendTaskFailure" -> finish(request, "FAILED");
            case "SendTaskHeartbeat" -> heartbeat(request);
            default -> throw unknown(name);
        };
    }

    private ObjectNode startExecution(JsonNode request) {
        String machine = request.path("stateMachineArn").asText();
        if (!stateMachines.containsKey(machine)) {
            throw new AwsError("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + machine + "'");
        }
        String name = request.path("name").asText();
        if (!name.matches("[A-Za-z0-9_-]{1,80}")) {
            throw new AwsError("InvalidName", "Invalid Name: '" + name + "'");
        }
        String input = request.path("input").asText("{}");
        String arn = machine.replace(":stateMachine:", ":execution:") + ":" + name;
        Execution existing = executions.putIfAbsent(name, new Execution(arn, name, input));
        if (existing != null && !(existing.status.equals("RUNNING") && existing.input.equals(input))) {
            throw new AwsError("ExecutionAlreadyExists", "Execution Already Exists: '" + existing.arn + "'");
        }
        return JSON.createObjectNode().put("executionArn", arn).put("startDate", System.currentTimeMillis() / 1000.0);
    }

    private ObjectNode getActivityTask(JsonNode request) throws InterruptedException {
        String arn = request.path("activityArn").asText();
        BlockingQueue<Task> queue = activities.get(arn);
        if (queue == null) {
            throw new AwsError("ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'");
        }
        Task task;
        pendingPolls.incrementAndGet();
        try {
            task = queue.poll(longPoll.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            pendingPolls.decrementAndGet();
        }
        if (task == null) {
            return JSON.createObjectNode(); // no task within the poll: AWS answers with an empty token
        }
        task.outcome = "STARTED";
        task.workerName = request.path("workerName").asText(null);
        return JSON.createObjectNode().put("taskToken", task.token).put("input", task.input);
    }

    private Task task(JsonNode request) {
        String token = request.path("taskToken").asText();
        Task task = tasks.get(token);
        if (task == null) {
            throw new AwsError("InvalidToken", "Invalid token");
        }
        if (!task.outcome.equals("STARTED")) {
            throw new AwsError("TaskTimedOut", "Task Timed Out: '" + token + "'");
        }
        return task;
    }

    private ObjectNode finish(JsonNode request, String outcome) {
        Task task = task(request);
        if (outcome.equals("SUCCEEDED")) {
            try {
                task.output = JSON.readTree(request.path("output").asText());
            } catch (java.io.IOException e) {
                throw new AwsError("InvalidOutput", "Invalid Output: " + e.getMessage());
            }
        } else {
            task.error = request.path("error").asText(null);
            task.cause = request.path("cause").asText(null);
        }
        task.outcome = outcome;
        Execution execution = executions.get(task.executionName);
        if (execution != null) {
            execution.status = outcome;
        }
        return JSON.createObjectNode();
    }

    private ObjectNode heartbeat(JsonNode request) {
        task(request).heartbeats++;
        return JSON.createObjectNode();
    }
}
