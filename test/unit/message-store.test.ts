import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InMemoryMessageStore, type NewUpdate, type StoredMessage } from '../../src/store/message-store.ts';

const RECEIVED = Date.UTC(2026, 10, 20, 9, 0, 0);

function message(id: string, fields: Partial<StoredMessage> = {}): StoredMessage {
  return {
    id,
    conversationId: 'conv-1',
    customerId: 'demo',
    owner: null,
    traceId: null,
    content: `question ${id}`,
    status: 'received',
    receivedAt: RECEIVED,
    completedAt: null,
    agentName: null,
    result: null,
    failureCode: null,
    ...fields,
  };
}

const received: NewUpdate = { status: 'received', processedAt: RECEIVED, result: null, agentName: null };
const completed = (result: string): NewUpdate => ({
  status: 'completed',
  processedAt: RECEIVED + 1500,
  result,
  agentName: 'BillingAgent',
});

/** A store holding messages m1…mN, received in that order, in the conversations given (conv-1 by default). */
async function storeWith(count: number, fields: (n: number) => Partial<StoredMessage> = () => ({})) {
  const store = new InMemoryMessageStore(1000);
  for (let n = 1; n <= count; n++) await store.insert(message(`m${n}`, fields(n)), received);
  return store;
}

const ids = (messages: StoredMessage[]): string[] => messages.map((m) => m.id);

describe('in-memory message store: paging', () => {
  test('lists newest first, a page at a time, with the total of every match', async () => {
    const store = await storeWith(5);
    const first = await store.list({ page: 1, pageSize: 2 });
    assert.equal(first.total, 5);
    assert.deepEqual(ids(first.messages), ['m5', 'm4']);
    assert.deepEqual(ids((await store.list({ page: 2, pageSize: 2 })).messages), ['m3', 'm2']);
    assert.deepEqual(ids((await store.list({ page: 3, pageSize: 2 })).messages), ['m1']);
    assert.deepEqual(ids((await store.list({ page: 4, pageSize: 2 })).messages), []);
  });

  test('lists oldest first when asked, as a conversation is read', async () => {
    const store = await storeWith(5);
    assert.deepEqual(ids((await store.list({ page: 1, pageSize: 2, oldestFirst: true })).messages), [
      'm1',
      'm2',
    ]);
    assert.deepEqual(ids((await store.list({ page: 3, pageSize: 2, oldestFirst: true })).messages), ['m5']);
  });

  test('pages count only the messages that match the status, conversation and owner asked for', async () => {
    const store = await storeWith(6, (n) => ({
      conversationId: n % 2 === 0 ? 'even' : 'odd',
      owner: n <= 3 ? 'alice' : 'bob',
    }));
    await store.addUpdate('m2', completed('done'));
    await store.addUpdate('m4', completed('done'));

    const even = await store.list({ page: 1, pageSize: 10, conversationId: 'even' });
    assert.deepEqual(ids(even.messages), ['m6', 'm4', 'm2']);
    const evenCompleted = await store.list({
      page: 1,
      pageSize: 1,
      conversationId: 'even',
      status: 'completed',
    });
    assert.equal(evenCompleted.total, 2);
    assert.deepEqual(ids(evenCompleted.messages), ['m4']);
    const alice = await store.list({ page: 1, pageSize: 10, owner: 'alice' });
    assert.deepEqual(ids(alice.messages), ['m3', 'm2', 'm1']);
    const nobody = await store.list({ page: 1, pageSize: 10, conversationId: 'none' });
    assert.deepEqual(nobody, { total: 0, messages: [] });
  });

  test('a listed message is a copy: changing it changes nothing stored', async () => {
    const store = await storeWith(1);
    const [listed] = (await store.list({ page: 1, pageSize: 1 })).messages;
    listed!.content = 'changed';
    assert.equal((await store.get('m1'))?.content, 'question m1');
  });
});

describe('in-memory message store: updates', () => {
  test('numbers a message’s updates from 1 and records the final one as its outcome', async () => {
    const store = await storeWith(1);
    await store.addUpdate('m1', { ...received, status: 'inprogress', result: 'Routing to BillingAgent' });
    const final = await store.addUpdate('m1', completed('Your bill is 90.00 EUR'));
    assert.equal(final?.sequence, 3);
    const updates = await store.updates('m1');
    assert.deepEqual(
      updates?.map((u) => [u.sequence, u.status, u.result, u.agentName]),
      [
        [1, 'received', null, null],
        [2, 'inprogress', 'Routing to BillingAgent', null],
        [3, 'completed', 'Your bill is 90.00 EUR', 'BillingAgent'],
      ],
    );
    assert.equal(updates?.[2]?.processedAt, RECEIVED + 1500);
    assert.deepEqual(
      (await store.updates('m1', 2))?.map((u) => u.sequence),
      [3],
    );
    const stored = await store.get('m1');
    assert.equal(stored?.status, 'completed');
    assert.equal(stored?.result, 'Your bill is 90.00 EUR');
    assert.equal(stored?.completedAt, RECEIVED + 1500);
    assert.equal(stored?.failureCode, null);
  });

  test('refuses updates once a message is final, and for unknown messages', async () => {
    const store = await storeWith(1);
    await store.addUpdate('m1', completed('first answer'));
    assert.equal(await store.addUpdate('m1', completed('second answer')), undefined);
    assert.equal((await store.get('m1'))?.result, 'first answer');
    assert.equal(await store.addUpdate('nope', completed('x')), undefined);
    assert.equal(await store.updates('nope'), undefined);
  });

  test('a failed message without a code is recorded as an internal failure', async () => {
    const store = await storeWith(1);
    await store.addUpdate('m1', { ...completed('Something went wrong'), status: 'failed' });
    assert.equal((await store.get('m1'))?.failureCode, 'internal');
  });

  test('numbers updates across a conversation’s messages and pages them by position', async () => {
    const store = await storeWith(3);
    await store.addUpdate('m1', completed('one'));
    await store.addUpdate('m2', completed('two'));
    const all = await store.conversationUpdates('conv-1', 0, { limit: 100 });
    assert.deepEqual(
      all.updates.map(({ messageId, update }) => [update.position, messageId, update.status]),
      [
        [1, 'm1', 'received'],
        [2, 'm2', 'received'],
        [3, 'm3', 'received'],
        [4, 'm1', 'completed'],
        [5, 'm2', 'completed'],
      ],
    );
    const page = await store.conversationUpdates('conv-1', 2, { limit: 2 });
    assert.deepEqual(
      page.updates.map(({ update }) => update.position),
      [3, 4],
    );
    assert.equal(page.generation, all.generation);
    assert.deepEqual(await store.conversationUpdates('other', 0, { limit: 10 }), {
      updates: [],
      generation: '',
    });
  });
});

describe('in-memory message store: retention', () => {
  test('beyond its retention it forgets the oldest finished messages first', async () => {
    const store = new InMemoryMessageStore(3);
    for (const id of ['m1', 'm2', 'm3']) await store.insert(message(id), received);
    await store.addUpdate('m2', completed('two'));
    await store.addUpdate('m1', completed('one'));
    await store.insert(message('m4'), received);
    assert.equal(store.size, 3);
    assert.equal(await store.get('m2'), undefined, 'the first to finish goes first');
    assert.ok(await store.get('m1'));
    await store.insert(message('m5'), received);
    assert.equal(await store.get('m1'), undefined);
    assert.deepEqual(ids((await store.list({ page: 1, pageSize: 10 })).messages), ['m5', 'm4', 'm3']);
  });

  test('never forgets a message still in flight, even beyond its retention', async () => {
    const store = new InMemoryMessageStore(2);
    for (const id of ['m1', 'm2', 'm3', 'm4']) await store.insert(message(id), received);
    assert.equal(store.size, 4);
    await store.addUpdate('m3', completed('three'));
    assert.equal(store.size, 3);
    assert.equal(await store.get('m3'), undefined);
    for (const id of ['m1', 'm2', 'm4']) assert.ok(await store.get(id), `${id} is kept`);
  });

  test('a conversation whose messages all went starts its positions again', async () => {
    const store = new InMemoryMessageStore(1);
    await store.insert(message('m1'), received);
    await store.addUpdate('m1', completed('one'));
    const before = await store.conversationUpdates('conv-1', 0, { limit: 10 });
    await store.insert(message('m2', { conversationId: 'conv-2' }), received);
    await store.insert(message('m3'), received);
    const after = await store.conversationUpdates('conv-1', 0, { limit: 10 });
    assert.deepEqual(
      after.updates.map(({ messageId, update }) => [messageId, update.position]),
      [['m3', 1]],
    );
    assert.notEqual(after.generation, before.generation);
  });

  test('erasing a conversation deletes its messages and only them', async () => {
    const store = await storeWith(4, (n) => ({ conversationId: n <= 3 ? 'erase-me' : 'keep' }));
    assert.equal(await store.deleteConversation('erase-me'), 3);
    assert.deepEqual(ids((await store.list({ page: 1, pageSize: 10 })).messages), ['m4']);
    assert.equal(await store.deleteConversation('erase-me'), 0);
  });
});
