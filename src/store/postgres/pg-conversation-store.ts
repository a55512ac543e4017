import type { AgentName } from '../../domains/agent-names.ts';
import type { ConversationStore, Turn } from '../conversation-store.ts';
import type { Database } from './database.ts';

/**
 * Conversation history in PostgreSQL, so that any replica understands a follow-up. The answer's
 * turns are normally appended by PgMessageStore with the final update (once); `append` is the same
 * write on its own. A conversation idle for CONVERSATION_TTL_MS reads as empty, and the retention
 * job deletes it; CONVERSATION_CAPACITY does not apply (the table is bounded by that expiry).
 */
export class PgConversationStore implements ConversationStore {
  constructor(
    private readonly db: Database,
    private readonly options: { maxTurns: number; ttlMs: number },
  ) {}

  async history(conversationId: string): Promise<readonly Turn[]> {
    // The newest turns, idle-expired as a whole: none when the newest is older than the TTL.
    const { rows } = await this.db.query<{ role: Turn['role']; content: string; agent: AgentName | null }>(
      `WITH recent AS (
         SELECT position, role, content, agent, created_at FROM semker_conversation_turns
         WHERE conversation_id = $1 ORDER BY position DESC LIMIT $2
       )
       SELECT role, content, agent FROM recent
       WHERE (SELECT max(created_at) FROM recent) > now() - make_interval(secs => $3)
       ORDER BY position`,
      [conversationId, this.options.maxTurns, this.options.ttlMs / 1000],
    );
    return rows.map((row) => ({
      role: row.role,
      content: row.content,
      ...(row.agent ? { agent: row.agent } : {}),
    }));
  }

  async forget(conversationId: string): Promise<void> {
    await this.db.query('DELETE FROM semker_conversation_turns WHERE conversation_id = $1', [conversationId]);
  }

  async append(conversationId: string, ...turns: Turn[]): Promise<void> {
    if (turns.length === 0) return;
    await this.db.query(
      `WITH added AS (
         INSERT INTO semker_conversation_turns (conversation_id, role, content, agent)
         SELECT $1, turn.role, turn.content, turn.agent
         FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS turn (role, content, agent, n)
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
      ],
    );
  }
}
