/** One exchange in a conversation: what the customer said and, once answered, the reply. */
export interface Turn {
  role: 'user' | 'assistant';
  content: string;
  /**
   * On assistant turns: the agent that answered. Absent on the reply of a message that failed, which
   * no agent answered (`failedReply`): kept so the hand-over counts it and the ticket's copy shows it.
   */
  agent?: string;
  /**
   * On user turns: the language the message was read in (en, es, de, fr), so that a text written
   * outside a reading (a failure at a deadline, a cancellation) is in the conversation's language.
   */
  language?: string;
  /** On assistant turns: the question the reply asked, which the customer's next message answers. */
  asked?: TurnQuestion;
  /** On assistant turns: true when the assistant could not help (its tools had no data for the question). */
  couldNotHelp?: boolean;
}

/** A question an assistant turn asks: the hand-over's consent to a support ticket. */
export type TurnQuestion = 'hand_over_consent';

/** The language recorded on the conversation's last customer turn, if any. */
export const conversationLanguage = (history: readonly Turn[]): string | undefined =>
  history.findLast((turn) => turn.role === 'user' && turn.language !== undefined)?.language;

/** The reply a failed message leaves in the history: what the customer read, with no agent. */
export const failedReply = (content: string, asked?: TurnQuestion): Turn => ({
  role: 'assistant',
  content,
  ...(asked && { asked }),
});

/** True for the reply of a message that failed (`failedReply`). */
export const isFailedReply = (turn: Turn): boolean => turn.role === 'assistant' && turn.agent === undefined;

/**
 * History per conversation id, oldest first, bounded in length and expired when idle. In memory or
 * in PostgreSQL; the processor reads it before each message and a completed answer's turns are
 * appended with its final update (MessageStore.addUpdate), so a turn is recorded once.
 */
export interface ConversationStore {
  history(conversationId: string): Promise<readonly Turn[]>;
  append(conversationId: string, ...turns: Turn[]): Promise<void>;
  /** Forgets a conversation's history (erasure on request). */
  forget(conversationId: string): Promise<void>;
}

/**
 * In-memory ConversationStore. A Map keeps insertion order, so re-inserting on each write makes
 * the first entry the least recently used: eviction by capacity and idle expiry are both O(1) per write.
 */
export class InMemoryConversationStore implements ConversationStore {
  private readonly conversations = new Map<string, { turns: Turn[]; touchedAt: number }>();

  constructor(
    private readonly options: { maxTurns: number; ttlMs: number; capacity: number; now?: () => number },
  ) {}

  history(conversationId: string): Promise<readonly Turn[]> {
    return Promise.resolve(this.read(conversationId));
  }

  forget(conversationId: string): Promise<void> {
    this.conversations.delete(conversationId);
    return Promise.resolve();
  }

  append(conversationId: string, ...turns: Turn[]): Promise<void> {
    const kept = [...this.read(conversationId), ...turns].slice(-this.options.maxTurns);
    this.conversations.delete(conversationId);
    this.conversations.set(conversationId, { turns: kept, touchedAt: this.now() });
    this.evict();
    return Promise.resolve();
  }

  private read(conversationId: string): readonly Turn[] {
    const entry = this.conversations.get(conversationId);
    if (!entry) return [];
    if (this.now() - entry.touchedAt > this.options.ttlMs) {
      this.conversations.delete(conversationId);
      return [];
    }
    return entry.turns;
  }

  private evict(): void {
    const now = this.now();
    for (const [id, entry] of this.conversations) {
      const expired = now - entry.touchedAt > this.options.ttlMs;
      if (!expired && this.conversations.size <= this.options.capacity) break;
      this.conversations.delete(id);
    }
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }
}
