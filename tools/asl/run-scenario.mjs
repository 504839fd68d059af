// Runs a state machine definition in aws-local-stepfunctions with scripted Task results, so a test can
// drive every path (success, retries, timeouts, failures) without AWS.
//
// usage: node --import ./polyfill.mjs run-scenario.mjs <definition.json> <scenario.json>
// scenario: {"input": {...}, "tasks": {"<TaskState>": [{"return": {...}} | {"throw": {"error": "E", "cause": "C"}}, ...]},
//            "context": {...}}
// Each Task consumes its outcomes in order; the last one repeats. A Task with no script returns {}. Tasks inside a
// Map's ItemProcessor are scripted the same way, by name. "context" is merged into the context object ($$), e.g.
// {"Execution": {"Name": "run-1"}}.
// Prints one JSON line: {"status": "SUCCEEDED"|"FAILED", "output"|"error"+"cause", "calls": {"<TaskState>": [input, ...]}}
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';

const [definitionPath, scenarioPath] = process.argv.slice(2);
const definition = JSON.parse(readFileSync(definitionPath, 'utf8'));
const scenario = JSON.parse(readFileSync(scenarioPath, 'utf8'));

const calls = {};
const taskHandlers = {};
const retryIntervalOverrides = {};
const taskStates = [];
const collect = (states) => {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') taskStates.push(name);
    if (state.Type === 'Map') collect((state.ItemProcessor ?? state.Iterator).States);
  }
};
collect(definition.States);
for (const name of taskStates) {
  calls[name] = [];
  retryIntervalOverrides[name] = 0; // back-off delays are real seconds; the logic is what is under test
  const outcomes = (scenario.tasks ?? {})[name] ?? [{ return: {} }];
  taskHandlers[name] = async (input) => {
    calls[name].push(input);
    const outcome = outcomes[Math.min(calls[name].length - 1, outcomes.length - 1)];
    if (outcome.throw) {
      const err = new Error(outcome.throw.cause ?? '');
      err.name = outcome.throw.error;
      throw err;
    }
    return outcome.return ?? {};
  };
}

const machine = new StateMachine(definition);
const execution = machine.run(scenario.input ?? {}, {
  overrides: { taskResourceLocalHandlers: taskHandlers, retryIntervalOverrides },
  context: scenario.context ?? {},
});
try {
  const output = await execution.result;
  console.log(JSON.stringify({ status: 'SUCCEEDED', output, calls }));
} catch (e) {
  const failure = e.cause instanceof Error ? e.cause : e;
  console.log(JSON.stringify({ status: 'FAILED', error: failure.name, cause: failure.message, calls }));
}
