import { conversationKey } from '../../src/store/conversation-key.ts';
import { Given, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { UpdateSignal } from '../../src/store/update-feed.ts';
import type { SemkerWorld } from '../support/world.ts';

/** Per scenario: the signals the subscriber was given. */
const heard = new WeakMap<SemkerWorld, UpdateSignal[]>();

function subscribe(world: SemkerWorld): () => void {
  const signals: UpdateSignal[] = [];
  heard.set(world, signals);
  const unsubscribe = world.api!.services.updates.subscribe((signal) => signals.push(signal));
  world.onCleanup(unsubscribe);
  return unsubscribe;
}

Given('a subscriber to the update feed', function (this: SemkerWorld) {
  subscribe(this);
});

Given('a subscriber to the update feed that unsubscribes at once', function (this: SemkerWorld) {
  subscribe(this)();
});

Then(
  'the subscriber was told of every update of the message, in order, only the last one final',
  async function (this: SemkerWorld) {
    const id = this.lastMessageId!;
    const updates = (await (await fetch(`${this.baseUrl}/messages/${id}/updates`)).json()) as Array<{
      sequence: number;
    }>;
    // The last signal may follow the stored final update by a moment: wait for it, bounded.
    const signals = heard.get(this)!;
    const deadline = Date.now() + 5_000;
    while (signals.length < updates.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(
      signals,
      updates.map((u, i) => ({
        messageId: id,
        // The demo customer's conversation of that id, without keys (store/conversation-key.ts).
        conversationId: conversationKey({ customerId: 'demo', owner: null }, this.conversationId),
        sequence: u.sequence,
        final: i === updates.length - 1,
      })),
    );
  },
);

Then('the subscriber was told of nothing', async function (this: SemkerWorld) {
  // The message has finished; a signal still on its way would come within a turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(heard.get(this), []);
});
