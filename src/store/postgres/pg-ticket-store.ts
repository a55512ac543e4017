import type { Ticket, TicketQuery, TicketStore } from '../ticket-store.ts';
import type { Database } from './database.ts';
import { clientConversationId } from '../conversation-key.ts';

interface TicketRow {
  id: string;
  conversation_id: string | null;
  status: 'open';
  summary: string;
  chat_history: string;
  consent_response: string;
  created_at: Date;
}

const toTicket = (row: TicketRow): Ticket => ({
  id: row.id,
  conversationId: row.conversation_id,
  status: row.status,
  summary: row.summary,
  chatHistory: row.chat_history,
  consentResponse: row.consent_response,
  createdAt: row.created_at.getTime(),
});

/**
 * The filters of TicketQuery, $1–$3: one conversation's key, the client's id in any scope (the
 * key's last part; compared with `right`, not LIKE, whose `_` would be a wildcard), a scope's prefix.
 */
const MATCHES = `($1::text IS NULL OR conversation_id = $1)
  AND ($2::text IS NULL OR right(conversation_id, length($2) + 1) = '/' || $2)
  AND ($3::text IS NULL OR left(conversation_id, length($3)) = $3)`;

/** Support tickets in PostgreSQL, so any replica lists what any other raised. */
export class PgTicketStore implements TicketStore {
  constructor(private readonly db: Database) {}

  async insert(ticket: Ticket): Promise<void> {
    await this.db.query(
      `INSERT INTO semker_tickets (id, conversation_id, status, summary, chat_history, consent_response, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        ticket.id,
        ticket.conversationId,
        ticket.status,
        ticket.summary,
        ticket.chatHistory,
        ticket.consentResponse,
        new Date(ticket.createdAt),
      ],
    );
  }

  async get(id: string): Promise<Ticket | undefined> {
    const { rows } = await this.db.query<TicketRow>('SELECT * FROM semker_tickets WHERE id = $1', [id]);
    return rows[0] && toTicket(rows[0]);
  }

  async list(query: TicketQuery): Promise<{ total: number; tickets: Ticket[] }> {
    const filters = [query.conversationId ?? null, query.conversationName ?? null, query.scopePrefix ?? null];
    const { rows } = await this.db.query<TicketRow & { total: string }>(
      `SELECT *, count(*) OVER () AS total FROM semker_tickets
       WHERE ${MATCHES}
       ORDER BY seq DESC LIMIT $4 OFFSET $5`,
      [...filters, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const total = rows[0] ? Number(rows[0].total) : 0;
    // A page past the end has no rows to carry the count: count on its own.
    if (rows.length === 0 && query.page > 1) {
      const counted = await this.db.query<{ total: string }>(
        `SELECT count(*) AS total FROM semker_tickets WHERE ${MATCHES}`,
        filters,
      );
      return { total: Number(counted.rows[0]?.total ?? 0), tickets: [] };
    }
    return { total, tickets: rows.map(toTicket) };
  }

  async eraseConversation(conversationId: string): Promise<number> {
    const { rowCount } = await this.db.query(
      // The scope stays (whose the ticket was, for who may read it); the conversation goes.
      `UPDATE semker_tickets SET chat_history = '', conversation_id = left($1, length($1) - length($2))
       WHERE conversation_id = $1`,
      [conversationId, clientConversationId(conversationId)],
    );
    return rowCount ?? 0;
  }
}
