import type { Ticket, TicketStore } from '../ticket-store.ts';
import type { Database } from './database.ts';

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

  async list(query: {
    page: number;
    pageSize: number;
    conversationId?: string;
  }): Promise<{ total: number; tickets: Ticket[] }> {
    const { rows } = await this.db.query<TicketRow & { total: string }>(
      `SELECT *, count(*) OVER () AS total FROM semker_tickets
       WHERE $1::text IS NULL OR conversation_id = $1
       ORDER BY seq DESC LIMIT $2 OFFSET $3`,
      [query.conversationId ?? null, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const total = rows[0] ? Number(rows[0].total) : 0;
    // A page past the end has no rows to carry the count: count on its own.
    if (rows.length === 0 && query.page > 1) {
      const counted = await this.db.query<{ total: string }>(
        'SELECT count(*) AS total FROM semker_tickets WHERE $1::text IS NULL OR conversation_id = $1',
        [query.conversationId ?? null],
      );
      return { total: Number(counted.rows[0]?.total ?? 0), tickets: [] };
    }
    return { total, tickets: rows.map(toTicket) };
  }

  async eraseConversation(conversationId: string): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE semker_tickets SET chat_history = '', conversation_id = NULL WHERE conversation_id = $1`,
      [conversationId],
    );
    return rowCount ?? 0;
  }
}
