/** A support ticket: the hand-over of a conversation to a person, raised with the customer's consent. */
export interface Ticket {
  /** "TCK-" and 8 characters, e.g. "TCK-7F3K9Q2M". */
  id: string;
  /**
   * The key of the conversation it was raised from (conversation-key.ts); once the conversation
   * was erased, only its scope (`<customer>/<owner>/`: whose it was, no longer which); null for
   * tickets raised outside one.
   */
  conversationId: string | null;
  status: 'open';
  /** One line for the colleague who picks it up. */
  summary: string;
  /** The conversation's copy the customer agreed to hand over; erased with the conversation. */
  chatHistory: string;
  /** What the customer answered when asked for consent, word for word. */
  consentResponse: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** Which tickets to list: all, or those of one conversation (by key or by the client's id), or one scope's. */
export interface TicketQuery {
  page: number;
  pageSize: number;
  /** One conversation, by its key. */
  conversationId?: string;
  /** Every conversation the client named so, whoever's (an admin's read). */
  conversationName?: string;
  /** Only the conversations whose key starts so: one customer's and owner's (conversation-key.ts). */
  scopePrefix?: string;
}

/** Whether a ticket is one `query` lists (the in-memory store's filter). */
export const ticketMatches = (ticket: Ticket, query: TicketQuery): boolean => {
  const key = ticket.conversationId;
  return (
    (query.conversationId === undefined || key === query.conversationId) &&
    (query.conversationName === undefined || (key?.endsWith(`/${query.conversationName}`) ?? false)) &&
    (query.scopePrefix === undefined || (key?.startsWith(query.scopePrefix) ?? false))
  );
};

/** Where tickets live. Asynchronous, so a database can hold them as well as memory. */
export interface TicketStore {
  insert(ticket: Ticket): Promise<void>;
  get(id: string): Promise<Ticket | undefined>;
  /** Newest first. */
  list(query: TicketQuery): Promise<{ total: number; tickets: Ticket[] }>;
  /** Erases the chat copies of a conversation's tickets (GDPR Art. 17); returns how many were erased. */
  eraseConversation(conversationId: string): Promise<number>;
}

/** In-memory TicketStore, bounded: beyond `capacity` the oldest tickets go first. */
export class InMemoryTicketStore implements TicketStore {
  private readonly tickets = new Map<string, Ticket>();

  constructor(private readonly capacity = 100_000) {}

  async insert(ticket: Ticket): Promise<void> {
    this.tickets.set(ticket.id, ticket);
    for (const id of this.tickets.keys()) {
      if (this.tickets.size <= this.capacity) break;
      this.tickets.delete(id);
    }
  }

  async get(id: string): Promise<Ticket | undefined> {
    return this.tickets.get(id);
  }

  async list(query: TicketQuery): Promise<{ total: number; tickets: Ticket[] }> {
    const { page, pageSize } = query;
    const matching = [...this.tickets.values()].filter((ticket) => ticketMatches(ticket, query)).reverse();
    return { total: matching.length, tickets: matching.slice((page - 1) * pageSize, page * pageSize) };
  }

  async eraseConversation(conversationId: string): Promise<number> {
    let erased = 0;
    for (const ticket of this.tickets.values()) {
      if (ticket.conversationId !== conversationId) continue;
      ticket.chatHistory = '';
      ticket.conversationId = conversationId.slice(0, conversationId.lastIndexOf('/') + 1);
      erased++;
    }
    return erased;
  }
}
