import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Then, When } from '@cucumber/cucumber';
import { SignJWT } from 'jose';
import type { SemkerWorld } from '../support/world.ts';

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
