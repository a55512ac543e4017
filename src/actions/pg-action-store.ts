import { customerAccount } from '../store/accounts.ts';
import { actionChange, applyAction, type Action } from './action.ts';
import type { ActionQuery, ActionStore, Execution, NewAction } from './action-store.ts';
import type { Database } from '../store/postgres/database.ts';

interface ActionRow {
  id: string;
  customer_id: string;
  conversation_id: string;
  message_id: string;
  kind: string;
  details: unknown;
  summary: string;
  status: Action['status'];
  reason: string | null;
  decided_by: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const toAction = (row: ActionRow): Action => ({
  ...actionChange.parse({ kind: row.kind, details: row.details }),
  actionId: row.id,
  customerId: row.customer_id,
  conversationId: row.conversation_id,
  messageId: row.message_id,
  decidedBy: row.decided_by,
  status: row.status,
  summary: row.summary,
  reason: row.reason,
  createdAt: row.created_at.getTime(),
  decidedAt: row.decided_at?.getTime() ?? null,
});

/** $1 and $2: one conversation's key or one customer's id. */
const MATCHES = '($1::text IS NULL OR conversation_id = $1) AND ($2::text IS NULL OR customer_id = $2)';
const filters = (query: ActionQuery): [string | null, string | null] =>
  'conversationId' in query ? [query.conversationId, null] : [null, query.customerId];

/**
 * Actions in PostgreSQL, beside the accounts they change (`semker_customers`): a decision is one
 * conditional UPDATE from 'proposed', and execution changes the account in the same transaction,
 * so two replicas, a retried message or a second yes change the account once.
 */
export class PgActionStore implements ActionStore {
  constructor(private readonly db: Database) {}

  async propose(action: NewAction): Promise<Action> {
    return this.db.transaction(async (client) => {
      await client.query(
        `UPDATE semker_actions SET status = 'declined', decided_at = $2, decided_by = $3
         WHERE conversation_id = $1 AND status = 'proposed'`,
        [action.conversationId, new Date(action.createdAt), action.messageId],
      );
      const { rows } = await client.query<ActionRow>(
        `INSERT INTO semker_actions (id, customer_id, conversation_id, message_id, kind, details, summary, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          action.actionId,
          action.customerId,
          action.conversationId,
          action.messageId,
          action.kind,
          JSON.stringify(action.details),
          action.summary,
          new Date(action.createdAt),
        ],
      );
      return toAction(rows[0]!);
    });
  }

  async pending(conversationId: string): Promise<Action | undefined> {
    return this.one(
      `SELECT * FROM semker_actions WHERE conversation_id = $1 AND status = 'proposed' ORDER BY created_at DESC LIMIT 1`,
      [conversationId],
    );
  }

  async decidedBy(messageId: string): Promise<Action | undefined> {
    return this.one(`SELECT * FROM semker_actions WHERE decided_by = $1 ORDER BY created_at DESC LIMIT 1`, [
      messageId,
    ]);
  }

  async latest(conversationId: string): Promise<Action | undefined> {
    return this.one(
      `SELECT * FROM semker_actions WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [conversationId],
    );
  }

  async close(
    actionId: string,
    status: 'declined' | 'expired',
    at: number,
    messageId: string | null,
  ): Promise<Action | undefined> {
    return this.one(
      `UPDATE semker_actions SET status = $2, decided_at = $3, decided_by = $4
       WHERE id = $1 AND status = 'proposed' RETURNING *`,
      [actionId, status, new Date(at), messageId],
    );
  }

  async execute(actionId: string, at: number, messageId: string): Promise<Execution> {
    return this.db.transaction(async (client) => {
      // The row lock taken here makes a second executor (another replica, a second yes) wait for
      // this transaction, then find the action decided.
      const claimed = await client.query<ActionRow>(
        `UPDATE semker_actions SET status = 'executed', decided_at = $2, decided_by = $3
         WHERE id = $1 AND status = 'proposed' RETURNING *`,
        [actionId, new Date(at), messageId],
      );
      if (!claimed.rows[0]) {
        const { rows } = await client.query<ActionRow>('SELECT * FROM semker_actions WHERE id = $1', [
          actionId,
        ]);
        return { outcome: 'already', action: rows[0] && toAction(rows[0]) } as const;
      }
      const action = toAction(claimed.rows[0]);
      const { rows } = await client.query<{ account: unknown }>(
        'SELECT account FROM semker_customers WHERE id = $1 FOR UPDATE',
        [action.customerId],
      );
      const applied = rows[0]
        ? applyAction(customerAccount.parse(rows[0].account), action, at)
        : { error: 'there is no account for this customer' };
      if ('error' in applied) {
        const failed = await client.query<ActionRow>(
          `UPDATE semker_actions SET status = 'failed', reason = $2 WHERE id = $1 RETURNING *`,
          [actionId, applied.error],
        );
        return { outcome: 'failed', action: toAction(failed.rows[0]!) } as const;
      }
      await client.query('UPDATE semker_customers SET account = $2 WHERE id = $1', [
        action.customerId,
        JSON.stringify(applied.account),
      ]);
      return { outcome: 'executed', action, account: applied.account } as const;
    });
  }

  async expireBefore(query: ActionQuery, before: number, ttlMs: number): Promise<void> {
    await this.db.query(
      `UPDATE semker_actions SET status = 'expired', decided_at = created_at + $4 * interval '1 millisecond'
       WHERE ${MATCHES} AND status = 'proposed' AND created_at < $3`,
      [...filters(query), new Date(before), ttlMs],
    );
  }

  async list(query: ActionQuery): Promise<Action[]> {
    const { rows } = await this.db.query<ActionRow>(
      `SELECT * FROM semker_actions WHERE ${MATCHES} ORDER BY created_at DESC LIMIT 500`,
      filters(query),
    );
    return rows.map(toAction);
  }

  private async one(text: string, values: unknown[]): Promise<Action | undefined> {
    const { rows } = await this.db.query<ActionRow>(text, values);
    return rows[0] && toAction(rows[0]);
  }
}
