/** A support ticket: the hand-over of a conversation to a person, raised with the customer's consent. */
export interface Ticket {
  /** "TCK-" and 8 characters, e.g. "TCK-7F3K9Q2M". */
  id: string;
  /** The conversation it was raised from, when known (null for tickets raised outside one). */
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

/** Where tickets live. Asynchronous, so a database can hold them as well as memory. */
export interface TicketStore {
  insert(ticket: Ticket): Promise<void>;
  get(id: string): Promise<Ticket | undefined>;
  /** Newest first. */
  list(query: {
    page: number;
    pageSize: number;
    conversationId?: string;
  }): Promise<{ total: number; tickets: Ticket[] }>;
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

  async list({
    page,
    pageSize,
    conversationId,
  }: {
    page: number;
    pageSize: number;
    conversationId?: string;
  }): Promise<{ total: number; tickets: Ticket[] }> {
    const matching = [...this.tickets.values()]
      .filter((ticket) => conversationId === undefined || ticket.conversationId === conversationId)
      .reverse();
    return { total: matching.length, tickets: matching.slice((page - 1) * pageSize, page * pageSize) };
  }

  async eraseConversation(conversationId: string): Promise<number> {
    let erased = 0;
    for (const ticket of this.tickets.values()) {
      if (ticket.conversationId !== conversationId) continue;
      ticket.chatHistory = '';
      ticket.conversationId = null;
      erased++;
    }
    return erased;
  }
}
