import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { SemkerWorld } from '../support/world.ts';

When(
  'I post the message {string} with a conversation id of {int} characters',
  async function (this: SemkerWorld, message: string, length: number) {
    await this.request('POST', '/messages', {
      headers: { 'content-type': 'application/json', 'x-ms-conversation-id': 'c'.repeat(length) },
      body: JSON.stringify({ message }),
    });
  },
);

When(
  'I ask for the {word} of the unknown message {string}',
  async function (this: SemkerWorld, what: string, id: string) {
    this.memory.set('id', decodeURIComponent(id));
    await this.request('GET', `/messages/${id}/${what}`);
  },
);

Then('the response has a generated request id', function (this: SemkerWorld) {
  assert.match(
    this.lastResponse!.headers['x-request-id'] ?? '',
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
});

Then("the problem's request_id is the response's request id", function (this: SemkerWorld) {
  const body = this.lastResponse!.body as { request_id: string };
  assert.equal(body.request_id, this.lastResponse!.headers['x-request-id']);
});
