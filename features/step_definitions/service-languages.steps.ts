import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { assertSafeForCustomer } from '../support/customer-text.ts';
import type { SemkerWorld } from '../support/world.ts';

Then(
  'the message fails with the code {string}, and the customer reads {string}, then {string}, ending {string}',
  async function (this: SemkerWorld, code: string, failureText: string, offer: string, question: string) {
    assert.ok(this.lastMessageId, 'no message was sent');
    const message = await this.waitUntilFinished(this.lastMessageId);
    const status = await this.request('GET', `/messages/${this.lastMessageId}/status`);
    const { status: ended, failure_code } = status.body as { status: string; failure_code: string | null };
    const text = message.result ?? '';
    assert.equal(ended, 'failed', `the message ended ${ended}: ${text}`);
    assert.equal(failure_code, code);
    assertSafeForCustomer(text);
    assert.ok(text.startsWith(failureText), text);
    assert.ok(text.includes(offer), text);
    assert.ok(text.endsWith(question), text);
  },
);
