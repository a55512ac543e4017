import type { ConversationStore, Turn, TurnQuestion } from '../conversation-store.ts';
import type { Database } from './database.ts';
import { GroupCommit } from './group-commit.ts';

/**
 * Conversation history in PostgreSQL, so that any replica understands a follow-up. The answer's
 * turns are normally appended by PgMessageStore with the final update (once); `append` is the same
 * write on its own. A conversation idle for CONVERSATION_TTL_MS reads as empty, and the retention
 * job deletes it; CONVERSATION_CAPACITY does not apply (the table is bounded by that expiry).
 */
export class PgConversationStore implements ConversationStore {
  /** Histories asked for together are read together (GroupCommit). */
  private readonly reads = new GroupCommit<string, readonly Turn[]>((ids) => this.historiesOf(ids), {
    maxBatch: 100,
  });

  constructor(
    private readonly db: Database,
    private readonly options: { maxTurns: number; ttlMs: number },
  ) {}

  history(conversationId: string): Promise<readonly Turn[]> {
    return this.reads.submit(conversationId);
  }

  private async historiesOf(ids: readonly string[]): Promise<Array<readonly Turn[]>> {
    // Each conversation's newest turns, idle-expired as a whole: none when its newest turn is older
    // than the TTL.
    const { rows } = await this.db.query<{
      conversation_id: string;
      role: Turn['role'];
      content: string;
      agent: string | null;
      language: string | null;
      asked: TurnQuestion | null;
      could_not_help: boolean;
    }>(
      `SELECT c.id AS conversation_id, r.role, r.content, r.agent, r.language, r.asked, r.could_not_help
       FROM unnest($1::text[]) AS c (id)
       CROSS JOIN LATERAL (
         SELECT t.position, t.role, t.content, t.agent, t.language, t.asked, t.could_not_help,
           max(t.created_at) OVER () AS newest
         FROM semker_conversation_turns t
         WHERE t.conversation_id = c.id
         ORDER BY t.position DESC LIMIT $2
       ) AS r
       WHERE r.newest > now() - make_interval(secs => $3)
       ORDER BY c.id, r.position`,
      [[...new Set(ids)], this.options.maxTurns, this.options.ttlMs / 1000],
    );
    const histories = new Map<string, Turn[]>();
    for (const row of rows) {
      const turn: Turn = {
        role: row.role,
        content: row.content,
        ...(row.agent ? { agent: row.agent } : {}),
        ...(row.language ? { language: row.language } : {}),
        ...(row.asked ? { asked: row.asked } : {}),
        ...(row.could_not_help ? { couldNotHelp: true } : {}),
      };
      const history = histories.get(row.conversation_id);
      if (history) history.push(turn);
      else histories.set(row.conversation_id, [turn]);
    }
    return ids.map((id) => histories.get(id) ?? []);
  }

  async forget(conversationId: string): Promise<void> {
    await this.db.query('DELETE FROM semker_conversation_turns WHERE conversation_id = $1', [conversationId]);
  }

  async append(conversationId: string, ...turns: Turn[]): Promise<void> {
    if (turns.length === 0) return;
    await this.db.query(
      `WITH added AS (
         INSERT INTO semker_conversation_turns (conversation_id, role, content, agent, language, asked, could_not_help)
         SELECT $1, turn.role, turn.content, turn.agent, turn.language, turn.asked, turn.could_not_help
         FROM unnest($2::text[], $3::text[], $4::text[], $6::text[], $7::text[], $8::boolean[])
           WITH ORDINALITY AS turn (role, content, agent, language, asked, could_not_help, n)
         ORDER BY turn.n
       )
       DELETE FROM semker_conversation_turns d
       WHERE d.conversation_id = $1
         AND d.position <= (
           SELECT p.position FROM semker_conversation_turns p
           WHERE p.conversation_id = $1 ORDER BY p.position DESC OFFSET $5 LIMIT 1
         )`,
      [
        conversationId,
        turns.map((turn) => turn.role),
        turns.map((turn) => turn.content),
        turns.map((turn) => turn.agent ?? null),
        Math.max(0, this.options.maxTurns - turns.length),
        turns.map((turn) => turn.language ?? null),
        turns.map((turn) => turn.asked ?? null),
        turns.map((turn) => turn.couldNotHelp === true),
      ],
    );
  }
}
