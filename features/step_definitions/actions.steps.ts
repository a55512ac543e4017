import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Then, When } from '@cucumber/cucumber';
import { SignJWT } from 'jose';
import type { SemkerWorld } from '../support/world.ts';
import { replicaUrl } from './replicas.steps.ts';

type Json = Record<string, unknown>;

/** The customer sign-in the customers feature's API trusts (customers.steps.ts). */
const asCustomer = async (customerId: string): Promise<Record<string, string>> => ({
  'x-customer-token': await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(customerId)
    .setIssuer('https://id.operator.example')
    .setAudience('semker-tests')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode('the-identity-providers-secret-0123456789')),
});

const headersOf = async (customerId?: string): Promise<Record<string, string>> =>
  customerId ? asCustomer(customerId) : {};

/** The customer's actions, newest first, as "kind status" joined by ", ". */
async function actionsOf(world: SemkerWorld, customerId?: string): Promise<string> {
  const response = await world.request('GET', '/customers/me/actions', {
    headers: await headersOf(customerId),
  });
  assert.equal(response.status, 200, response.text);
  const { actions } = response.body as { actions: Json[] };
  return actions.map((action) => `${String(action.kind)} ${String(action.status)}`).join(', ');
}

async function profileOf(world: SemkerWorld, customerId?: string): Promise<Json> {
  const response = await world.request('GET', '/customers/me', { headers: await headersOf(customerId) });
  assert.equal(response.status, 200, response.text);
  return response.body as Json;
}

When('the customer says {string}', async function (this: SemkerWorld, text: string) {
  const id = await this.postMessage(text);
  await this.waitUntilFinished(id);
});

When('{float} seconds pass', async function (this: SemkerWorld, seconds: number) {
  // The subject of the scenario is real time passing (the confirmation time), not synchronisation.
  await sleep(seconds * 1000);
});

When(
  'the customer posts {string} twice at once, with two Idempotency-Keys',
  async function (this: SemkerWorld, text: string) {
    const post = (key: string) =>
      this.request('POST', '/messages', {
        headers: {
          'content-type': 'application/json',
          'x-ms-conversation-id': this.conversationId,
          'idempotency-key': key,
        },
        body: JSON.stringify({ message: text }),
      });
    const responses = await Promise.all([post('first-try-0001'), post('retry-0002')]);
    const ids = responses.map((response) => {
      assert.equal(response.status, 201, response.text);
      return (response.body as { message_id: string }).message_id;
    });
    assert.notEqual(ids[0], ids[1], 'two keys make two messages');
    this.memory.set('both', ids.join(' '));
  },
);

Then('both messages complete', async function (this: SemkerWorld) {
  for (const id of this.memory.get('both')!.split(' ')) {
    const message = await this.waitUntilFinished(id);
    assert.equal(message.status, 'completed', message.result ?? '');
  }
});

Then(
  "the customer's plan is {string} with the add-ons {string}",
  async function (this: SemkerWorld, plan: string, addons: string) {
    const profile = await profileOf(this);
    assert.equal(profile.plan, plan);
    assert.equal((profile.addons as string[]).join(', '), addons);
  },
);

Then("the customer's actions are {string}", async function (this: SemkerWorld, expected: string) {
  assert.equal(await actionsOf(this), expected);
});

Then(/^the customer has (\d+) roaming packs?$/, async function (this: SemkerWorld, count: string) {
  const profile = await profileOf(this);
  assert.equal(
    (profile.roaming_packs as Json[]).length,
    Number(count),
    JSON.stringify(profile.roaming_packs),
  );
});

Then(
  'the conversation lists the action {string} as {string}, decided by the last message',
  async function (this: SemkerWorld, kind: string, status: string) {
    const response = await this.request('GET', `/conversations/${this.conversationId}`);
    assert.equal(response.status, 200, response.text);
    const { actions, messages } = response.body as { actions: Json[]; messages: Json[] };
    assert.equal(actions.length, 1, JSON.stringify(actions));
    const [action] = actions as [Json];
    assert.equal(action.kind, kind);
    assert.equal(action.status, status);
    assert.equal(action.decided_by_message_id, this.lastMessageId);
    assert.equal(action.message_id, messages.at(-2)?.message_id, 'the proposing message is the one before');
    for (const field of ['action_id', 'details', 'created_at', 'decided_at']) assert.ok(action[field], field);
  },
);

Then(
  '{string} has {int} action, {string}, and no roaming pack',
  async function (this: SemkerWorld, customerId: string, count: number, expected: string) {
    assert.equal(await actionsOf(this, customerId), expected);
    assert.equal(expected.split(', ').length, count);
    const profile = await profileOf(this, customerId);
    assert.deepEqual(profile.roaming_packs, []);
  },
);

Then('{string} has no action', async function (this: SemkerWorld, customerId: string) {
  assert.equal(await actionsOf(this, customerId), '');
});

Then(
  '{string} is refused the actions of {string}',
  async function (this: SemkerWorld, customerId: string, other: string) {
    const response = await this.request('GET', `/customers/${other}/actions`, {
      headers: await asCustomer(customerId),
    });
    assert.equal(response.status, 403, response.text);
    assert.doesNotMatch(response.text, /buy_roaming_pack|Spain/);
  },
);

/** Replicas start as processes and take over a killed one's messages on their own clock. */
const REPLICA_STEP = { timeout: 180_000 };

async function onReplica(world: SemkerWorld, n: number, path: string, init: RequestInit = {}): Promise<Json> {
  const response = await fetch(`${replicaUrl(world, n)}${path}`, init);
  assert.equal(response.status, init.method === 'POST' ? 201 : 200, await response.clone().text());
  return (await response.json()) as Json;
}

When(
  '{string} is posted in conversation {string} to replica 1 and to replica 2 at once',
  REPLICA_STEP,
  async function (this: SemkerWorld, text: string, conversation: string) {
    const post = (n: number) =>
      onReplica(this, n, '/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ms-conversation-id': conversation },
        body: JSON.stringify({ message: text }),
      });
    const posted = await Promise.all([post(1), post(2)]);
    this.memory.set('both', posted.map((body) => String(body.message_id)).join(' '));
  },
);

Then('both yeses end completed, read from replica 2', REPLICA_STEP, async function (this: SemkerWorld) {
  const deadline = Date.now() + 120_000;
  for (const id of this.memory.get('both')!.split(' ')) {
    for (;;) {
      const status = await onReplica(this, 2, `/messages/${id}/status`);
      if (status.status === 'completed') break;
      assert.ok(!['failed', 'cancelled'].includes(String(status.status)), JSON.stringify(status));
      assert.ok(Date.now() < deadline, `message ${id} did not end: ${JSON.stringify(status)}`);
      await sleep(250);
    }
  }
});

Then(
  'replica 2 shows {int} roaming pack and the actions {string}',
  REPLICA_STEP,
  async function (this: SemkerWorld, count: number, expected: string) {
    const profile = await onReplica(this, 2, '/customers/me');
    assert.equal((profile.roaming_packs as Json[]).length, count, JSON.stringify(profile.roaming_packs));
    const { actions } = (await onReplica(this, 2, '/customers/me/actions')) as { actions: Json[] };
    assert.equal(actions.map((a) => `${String(a.kind)} ${String(a.status)}`).join(', '), expected);
  },
);
