import { Given, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
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

Given(
  'a PostgreSQL database at the migration before turns kept their state, holding a conversation whose last reply offered a person in English',
  async function (this: SemkerWorld) {
    const url = await this.database();
    const folder = new URL('../../src/store/postgres/migrations/', import.meta.url);
    // Every migration before the one that added the turns' state, as an older release applied them.
    const earlier = readdirSync(folder)
      .filter((file) => /^\d{3}_.+\.sql$/.test(file) && Number(file.slice(0, 3)) < 9)
      .sort();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const file of earlier) await client.query(readFileSync(new URL(file, folder), 'utf8'));
      await client.query(
        `CREATE TABLE semker_schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      for (const file of earlier) {
        await client.query('INSERT INTO semker_schema_migrations (version, name) VALUES ($1, $2)', [
          Number(file.slice(0, 3)),
          file.slice(4, -4),
        ]);
      }
      // The turns as that release wrote them: text only, the offer of a person at the reply's end.
      const key = `demo//${this.conversationId}`;
      await client.query(
        `INSERT INTO semker_conversation_turns (conversation_id, role, content, agent) VALUES
           ($1, 'user', 'How much does roaming in Japan cost?', NULL),
           ($1, 'assistant', $2, 'RoamingAgent')`,
        [
          key,
          'Sorry, there are no roaming rates for Japan.\n\nIf you would like a colleague to look into it, I can ' +
            'hand this over. Shall I open a support ticket so that a colleague contacts you? (yes/no)',
        ],
      );
    } finally {
      await client.end();
    }
  },
);

Given('the API is running on that database', async function (this: SemkerWorld) {
  assert.ok(this.databaseUrl, 'no database was prepared');
  await this.startApi({ DATABASE_URL: this.databaseUrl });
});
