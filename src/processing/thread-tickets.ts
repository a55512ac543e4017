import type { Ticket, TicketStore } from '../store/ticket-store.ts';

/**
 * The service's TicketStore, reached from a planner thread over its port. A ticket raised by the
 * ticket domain's in-process MCP server in a thread must land where GET /tickets reads (the main
 * thread's store: memory, or PostgreSQL, to which threads hold no connection), so the thread's
 * server is given this store, which forwards each call to the main thread and waits for its answer.
 */

/** One TicketStore call, as data. */
export type TicketCall =
  | { method: 'insert'; args: [ticket: Ticket] }
  | { method: 'get'; args: [id: string] }
  | { method: 'list'; args: Parameters<TicketStore['list']> }
  | { method: 'eraseConversation'; args: [conversationId: string] };

/** Planner thread → main thread: a call to run on the service's store. */
export type TicketRequest = { type: 'tickets'; call: number } & TicketCall;

/** Main thread → planner thread: what the call returned, or why it failed. */
export type TicketReply =
  | { type: 'tickets'; call: number; ok: true; value: unknown }
  | { type: 'tickets'; call: number; ok: false; error: string };

/** Runs a thread's call on the service's store (main thread) and writes the reply. */
export async function answerTicketCall(store: TicketStore, request: TicketRequest): Promise<TicketReply> {
  try {
    const value = await run(store, request);
    return { type: 'tickets', call: request.call, ok: true, value };
  } catch (error) {
    return { type: 'tickets', call: request.call, ok: false, error: String(error) };
  }
}

function run(store: TicketStore, call: TicketCall): Promise<unknown> {
  switch (call.method) {
    case 'insert':
      return store.insert(...call.args);
    case 'get':
      return store.get(...call.args);
    case 'list':
      return store.list(...call.args);
    case 'eraseConversation':
      return store.eraseConversation(...call.args);
  }
}

/** The thread's side: a TicketStore whose calls run on the main thread's store. */
export class ThreadTicketStore implements TicketStore {
  private nextCall = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(private readonly send: (request: TicketRequest) => void) {}

  /** Settles the call a reply answers (the thread's port hands every `tickets` reply here). */
  settle(reply: TicketReply): void {
    const waiting = this.waiting.get(reply.call);
    if (!waiting) return;
    this.waiting.delete(reply.call);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(new Error(`The service's ticket store failed: ${reply.error}`));
  }

  insert(ticket: Ticket): Promise<void> {
    return this.call({ method: 'insert', args: [ticket] }) as Promise<void>;
  }

  get(id: string): Promise<Ticket | undefined> {
    return this.call({ method: 'get', args: [id] }) as Promise<Ticket | undefined>;
  }

  list(...args: Parameters<TicketStore['list']>): ReturnType<TicketStore['list']> {
    return this.call({ method: 'list', args }) as ReturnType<TicketStore['list']>;
  }

  eraseConversation(conversationId: string): Promise<number> {
    return this.call({ method: 'eraseConversation', args: [conversationId] }) as Promise<number>;
  }

  private call(call: TicketCall): Promise<unknown> {
    const id = ++this.nextCall;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ type: 'tickets', call: id, ...call });
    });
  }
}
