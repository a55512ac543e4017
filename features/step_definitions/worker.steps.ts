import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import type { SemkerWorld } from '../support/world.ts';

const shutdowns = new WeakMap<SemkerWorld, Promise<void>>();

When(
  'the service begins shutting down with a grace period of {int} ms',
  function (this: SemkerWorld, graceMs: number) {
    // The same call main.ts makes on SIGTERM/SIGINT; not awaited, so the scenario can watch the drain.
    shutdowns.set(this, this.api!.services.processor.shutdown(graceMs));
  },
);

When("the planner's thread dies while the message is being answered", async function (this: SemkerWorld) {
  const { processor } = this.api!.services;
  // Fault injection from outside the thread, as an out-of-memory abort or a native crash would end it:
  // the handler and its threads are private to the processor, so the step reaches in on purpose.
  const handler = (
    processor as unknown as {
      deps: { handler: { slots: { worker: Worker; pending: Map<number, unknown> }[] } };
    }
  ).deps.handler;
  // Once the processor has handed the message to a thread, it is the thread's: it waits on the slow
  // model. (Running is not enough: with PostgreSQL the run reads the store before the hand-over.)
  const busy = (): { worker: Worker } | undefined => handler.slots.find((slot) => slot.pending.size > 0);
  while (!busy()) await new Promise((resolve) => setImmediate(resolve));
  await busy()!.worker.terminate();
});

When('the shutdown completes', async function (this: SemkerWorld) {
  await shutdowns.get(this);
});

Then('posting a message is refused with 503 while it drains', async function (this: SemkerWorld) {
  const response = await this.request('POST', '/messages', {
    headers: { 'content-type': 'application/json', 'x-ms-conversation-id': 'too-late' },
    body: JSON.stringify({ message: 'Hello?' }),
  });
  assert.equal(response.status, 503, response.text);
  assert.ok(response.headers['retry-after']);
  assert.match(String((response.body as { detail: string }).detail), /shutting down/);
});

Then('the service is not ready while it drains', async function (this: SemkerWorld) {
  const response = await this.request('GET', '/ready');
  assert.equal(response.status, 503);
  assert.equal((response.body as { checks: Record<string, string> }).checks.worker, 'draining');
});

Then(
  /^every message of the scenario ended "(completed|failed)"(?: with the code "([a-z_]+)")?$/,
  async function (this: SemkerWorld, status: string, code: string | undefined) {
    const { messages, total } = await this.api!.services.messages.list({ page: 1, pageSize: 100 });
    assert.ok(total > 0);
    for (const message of messages) {
      assert.equal(message.status, status, `${message.id}: ${String(message.result)}`);
      if (code) assert.equal(message.failureCode, code);
    }
  },
);
