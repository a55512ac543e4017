import type { FailureCode } from '../core/failures.ts';
import type { ConversationStore, Turn } from './conversation-store.ts';

export const MESSAGE_STATUSES = ['received', 'inprogress', 'completed', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** True for the statuses a message never leaves. */
export const isFinal = (status: MessageStatus): boolean =>
  status === 'completed' || status === 'failed' || status === 'cancelled';

/**
 * One recorded step of a message's processing, as clients poll it. Times are epoch milliseconds, not
 * Dates: a store holds hundreds of thousands of them, a Date is an object each, and the presenters
 * format them as ISO 8601 for the wire.
 */
export interface Update {
  sequence: number;
  /**
   * Its place in its conversation's stream: every update of every message of the conversation,
   * counted from 1 in the order they were recorded (committed, with PostgreSQL), on every replica.
   * Starts again from 1 only once the conversation has no messages left.
   */
  position: number;
  status: MessageStatus;
  processedAt: number;
  result: string | null;
  /**
   * The agent that recorded it, as clients see it (AGENT_NAMES in src/domains/agent-names.ts); a
   * string here because the store sits below the domains whose registry names the agents.
   */
  agentName: string | null;
}

export interface StoredMessage {
  id: string;
  /** Its conversation's key: the customer, the owner and the client's id (conversation-key.ts). */
  conversationId: string;
  /** The customer whose account the conversation is about. */
  customerId: string;
  /** The API key owner that posted it; null when the API runs without keys. */
  owner: string | null;
  /** The W3C trace id of the message's trace (request and processing); null when tracing is off. */
  traceId: string | null;
  content: string;
  status: MessageStatus;
  /** Epoch milliseconds. */
  receivedAt: number;
  /** Epoch milliseconds; null until the message finished. */
  completedAt: number | null;
  /** The agent that gave the final answer (or failed), once known. */
  agentName: string | null;
  /** The final answer, or the reason it failed, as the customer reads it. */
  result: string | null;
  /** Why it failed, for programs: null unless the message failed. */
  failureCode: FailureCode | null;
}

/** An update as a writer hands it to the store, which gives it its sequence and position. */
export type NewUpdate = Omit<Update, 'sequence' | 'position'>;

/** Updates of a conversation's messages in stream order, and which count their positions belong to. */
export interface ConversationUpdates {
  updates: Array<{ messageId: string; update: Update }>;
  /**
   * The count the positions belong to ('' when the conversation has none). It changes when every
   * message of the conversation went and new ones came: their positions count from 1 again.
   */
  generation: string;
}

/** What a final update records with it: the exchange's conversation turns (answered or failed), a failure's code. */
export interface Outcome {
  turns?: readonly Turn[];
  /** Why it failed ('internal' when a failed update comes without one). */
  failureCode?: FailureCode;
}

/**
 * How the in-memory store keeps a message's updates: packed into one flat array of four slots per
 * update: a code (the status's index, plus 8 × (the agent's index + 1) when an agent is named), the
 * milliseconds since the message was received, the text, and the position in the conversation. The
 * numbers are small integers, which stay inline in the array: no object per update for as long as
 * the message is retained (docs/performance.md). Private to this store: readers get `Update`s from
 * `MessageStore.updates`.
 */
type UpdateLog = (number | string | null)[];

const SLOTS = 4;
const STATUS_CODE = new Map(MESSAGE_STATUSES.map((status, index) => [status, index]));
/** Agent names in the order this process first stored them; an update keeps the index (from 1). */
const AGENTS: string[] = [];
const AGENT_CODE = new Map<string, number>();

/** The code of an agent name: its index (from 1) times 8, above the status's three bits. */
function agentCode(agent: string): number {
  let code = AGENT_CODE.get(agent);
  if (code === undefined) {
    AGENTS.push(agent);
    code = AGENTS.length * 8;
    AGENT_CODE.set(agent, code);
  }
  return code;
}

const updateCount = (log: UpdateLog): number => log.length / SLOTS;

/**
 * The same text, stored flat: a step text built by concatenation would otherwise keep every piece it
 * was built from for as long as the message is retained. `Number(text)` makes V8 flatten it in place
 * (docs/performance.md).
 */
function flatten(text: string | null): string | null {
  if (text !== null) void Number(text);
  return text;
}

/** Appends an update (its sequence is its place in the log) and returns it as clients see it. */
function appendUpdate(log: UpdateLog, receivedAt: number, update: NewUpdate, position: number): Update {
  const code = STATUS_CODE.get(update.status)! + (update.agentName ? agentCode(update.agentName) : 0);
  log.push(code, update.processedAt - receivedAt, flatten(update.result), position);
  return { sequence: updateCount(log), position, ...update };
}

/** The update at slot `i` of the log. */
function readUpdate(log: UpdateLog, receivedAt: number, i: number): Update {
  const code = log[i] as number;
  const agent = code >> 3;
  return {
    sequence: i / SLOTS + 1,
    position: log[i + 3] as number,
    status: MESSAGE_STATUSES[code & 7] as MessageStatus,
    processedAt: receivedAt + (log[i + 1] as number),
    result: log[i + 2] as string | null,
    agentName: agent === 0 ? null : AGENTS[agent - 1]!,
  };
}

/** The updates after sequence `after` (sequences count from 1 without gaps), oldest first. */
function readUpdates(log: UpdateLog, receivedAt: number, after = 0): Update[] {
  const updates: Update[] = [];
  for (let i = after * SLOTS; i < log.length; i += SLOTS) updates.push(readUpdate(log, receivedAt, i));
  return updates;
}

/** The position of the log's last update (positions grow along a log). */
const lastPosition = (log: UpdateLog): number => (log.length === 0 ? 0 : (log[log.length - 1] as number));

export interface ListQuery {
  page: number;
  pageSize: number;
  status?: MessageStatus;
  /** One conversation, by its key (conversation-key.ts). */
  conversationId?: string;
  /** Every conversation the client named so, whoever's (an admin's read). */
  conversationName?: string;
  /** Only this customer's messages. */
  customerId?: string;
  /** Only this owner's messages (a caller without an admin key sees no one else's). */
  owner?: string;
  /** Oldest first (a conversation read as it happened); newest first by default. */
  oldestFirst?: boolean;
}

/**
 * A list query's filters as both stores apply them, each null when not asked for: `nameSuffix` is
 * what the key of a conversation the client named `conversationName` ends with, in any scope.
 */
export function listFilters(query: ListQuery): {
  status: MessageStatus | null;
  conversationId: string | null;
  nameSuffix: string | null;
  customerId: string | null;
  owner: string | null;
} {
  return {
    status: query.status ?? null,
    conversationId: query.conversationId ?? null,
    nameSuffix: query.conversationName === undefined ? null : `/${query.conversationName}`,
    customerId: query.customerId ?? null,
    owner: query.owner ?? null,
  };
}

export interface ListResult {
  total: number;
  messages: StoredMessage[];
}

/**
 * Where messages and their updates live: in memory (one process) or in PostgreSQL (shared by every
 * replica). Asynchronous, because a database answers later; readers get `Update`s, never a backend's
 * own representation.
 */
export interface MessageStore {
  /** Stores a new message with its first update (sequence 1). */
  insert(message: StoredMessage, first: NewUpdate): Promise<Update>;
  get(id: string): Promise<StoredMessage | undefined>;
  /**
   * The message as a worker begins it (again, after a takeover): from now on it no longer counts
   * as waiting towards QUEUE_CAPACITY.
   */
  begin(id: string): Promise<StoredMessage | undefined>;
  /** The message's updates after sequence `after`, oldest first; undefined for an unknown message. */
  updates(id: string, after?: number): Promise<Update[] | undefined>;
  /**
   * Appends an update unless the message is unknown or already final (then undefined). A final
   * update also sets the message's outcome (with the failure's code when it failed) and, with
   * `outcome.turns`, appends them to the conversation's history: all or nothing, so an outcome is
   * recorded once even when processing repeats (a replica took a message over).
   */
  addUpdate(id: string, update: NewUpdate, outcome?: Outcome): Promise<Update | undefined>;
  /** Newest first, or oldest first with `oldestFirst`. */
  list(query: ListQuery): Promise<ListResult>;
  /**
   * The updates of a conversation's messages after position `after`, in position order, at most
   * `limit`; only `owner`'s messages when one is given.
   */
  conversationUpdates(
    conversationId: string,
    after: number,
    options: { owner?: string; limit: number },
  ): Promise<ConversationUpdates>;
  /** Deletes a conversation's messages and their updates (erasure on request); returns how many. */
  deleteConversation(conversationId: string): Promise<number>;
}

interface Entry {
  message: StoredMessage;
  updates: UpdateLog;
}

/** A conversation's messages, oldest first, and the last position given to one of their updates. */
interface ConversationEntry {
  last: number;
  entries: Entry[];
  /** Which count `last` belongs to: the conversation's entry was made the generation-th. */
  generation: number;
}

/**
 * In-memory MessageStore, bounded by `retention`: when full, the oldest finished messages are evicted
 * first; messages still in flight are never evicted (so the store may exceed `retention` only while
 * more than `retention` messages are unfinished, which the bounded queue prevents in practice).
 */
export class InMemoryMessageStore implements MessageStore {
  /** Insertion order is arrival order, which list() reverses for newest first. */
  private readonly messages = new Map<string, Entry>();
  /** The same entries by conversation; a conversation goes when its last message does. */
  private readonly conversationsById = new Map<string, ConversationEntry>();
  private generations = 0;
  /** Finished message ids in the order they finished: the eviction queue. */
  private readonly finished: string[] = [];
  private finishedHead = 0;

  constructor(
    private readonly retention: number,
    /** Where a completed answer's turns go, in the same synchronous step as the final update. */
    private readonly conversations?: ConversationStore,
  ) {}

  get size(): number {
    return this.messages.size;
  }

  insert(message: StoredMessage, first: NewUpdate): Promise<Update> {
    const entry: Entry = { message: { ...message }, updates: [] };
    this.messages.set(message.id, entry);
    let conversation = this.conversationsById.get(message.conversationId);
    if (!conversation) {
      conversation = { last: 0, entries: [], generation: ++this.generations };
      this.conversationsById.set(message.conversationId, conversation);
    }
    conversation.entries.push(entry);
    const recorded = appendUpdate(entry.updates, message.receivedAt, first, ++conversation.last);
    this.evict();
    return Promise.resolve(recorded);
  }

  get(id: string): Promise<StoredMessage | undefined> {
    const entry = this.messages.get(id);
    return Promise.resolve(entry && { ...entry.message });
  }

  /** In memory the WorkQueue counts what waits; beginning changes nothing here. */
  begin(id: string): Promise<StoredMessage | undefined> {
    return this.get(id);
  }

  updates(id: string, after = 0): Promise<Update[] | undefined> {
    const entry = this.messages.get(id);
    return Promise.resolve(entry && readUpdates(entry.updates, entry.message.receivedAt, after));
  }

  addUpdate(id: string, update: NewUpdate, outcome?: Outcome): Promise<Update | undefined> {
    const entry = this.messages.get(id);
    if (!entry || isFinal(entry.message.status)) return Promise.resolve(undefined);
    const { message } = entry;
    const conversation = this.conversationsById.get(message.conversationId)!;
    const recorded = appendUpdate(entry.updates, message.receivedAt, update, ++conversation.last);
    message.status = update.status;
    if (isFinal(update.status)) {
      message.completedAt = update.processedAt;
      message.agentName = update.agentName;
      message.result = update.result;
      message.failureCode = update.status === 'failed' ? (outcome?.failureCode ?? 'internal') : null;
      // The last update: trim the array's spare capacity (push grows it past its length), once per message.
      entry.updates = entry.updates.slice();
      // Nothing awaits between the check above and here, so the turns are appended once.
      if (outcome?.turns && outcome.turns.length > 0) {
        void this.conversations?.append(message.conversationId, ...outcome.turns);
      }
      this.finished.push(id);
      this.evict();
    }
    return Promise.resolve(recorded);
  }

  list(query: ListQuery): Promise<ListResult> {
    const { page, pageSize, oldestFirst } = query;
    const { status, conversationId, nameSuffix, customerId, owner } = listFilters(query);
    const matches = ({ message }: { message: StoredMessage }): boolean =>
      (status === null || message.status === status) &&
      (conversationId === null || message.conversationId === conversationId) &&
      (nameSuffix === null || message.conversationId.endsWith(nameSuffix)) &&
      (customerId === null || message.customerId === customerId) &&
      (owner === null || message.owner === owner);
    // Map iteration is oldest first and has no reverse: count the matches in one pass, then take the
    // page's window (counted from the newest end) in a second, rather than copying the whole store.
    // A conversation's messages are at hand without a look at everyone else's.
    const entries = (): Iterable<Entry> =>
      conversationId ? (this.conversationsById.get(conversationId)?.entries ?? []) : this.messages.values();
    let total = 0;
    for (const entry of entries()) if (matches(entry)) total++;
    // The page's window in oldest-first match order: counted from the oldest end, or the newest.
    const last = oldestFirst ? page * pageSize : total - (page - 1) * pageSize; // exclusive
    const first = Math.max(0, last - pageSize);
    const messages: StoredMessage[] = [];
    let index = 0;
    for (const entry of entries()) {
      if (index >= last) break;
      if (!matches(entry)) continue;
      if (index >= first) messages.push({ ...entry.message });
      index++;
    }
    return Promise.resolve({ total, messages: oldestFirst ? messages : messages.reverse() });
  }

  conversationUpdates(
    conversationId: string,
    after: number,
    { owner, limit }: { owner?: string; limit: number },
  ): Promise<ConversationUpdates> {
    const conversation = this.conversationsById.get(conversationId);
    if (!conversation) return Promise.resolve({ updates: [], generation: '' });
    const { entries } = conversation;
    const found: ConversationUpdates['updates'] = [];
    let highest = 0;
    const take = ({ message, updates: log }: Entry): void => {
      if ((owner !== undefined && message.owner !== owner) || lastPosition(log) <= after) return;
      for (let i = log.length - SLOTS; i >= 0 && (log[i + 3] as number) > after; i -= SLOTS) {
        const update = readUpdate(log, message.receivedAt, i);
        found.push({ messageId: message.id, update });
        highest = Math.max(highest, update.position);
      }
    };
    // A message's updates all come at or after its receipt, and receipts are numbered in the order
    // messages arrive, which is the entries' order: the first message received after `after` is found
    // by halving. Those before it are looked at for updates that follow `after` (one check each, for
    // the messages still running then); from it on, the walk stops once it holds `limit` updates that
    // all come before the next message's receipt. A page costs its own updates, not the whole
    // conversation's (a long conversation is replayed a page at a time).
    const receipt = (entry: Entry): number => entry.updates[3] as number;
    let start = 0;
    for (let end = entries.length; start < end;) {
      const middle = (start + end) >>> 1;
      if (receipt(entries[middle]!) <= after) start = middle + 1;
      else end = middle;
    }
    for (let k = 0; k < start; k++) take(entries[k]!);
    for (let k = start; k < entries.length; k++) {
      if (found.length >= limit && receipt(entries[k]!) > highest) break;
      take(entries[k]!);
    }
    found.sort((a, b) => a.update.position - b.update.position);
    return Promise.resolve({
      updates: found.slice(0, limit),
      generation: String(conversation.generation),
    });
  }

  deleteConversation(conversationId: string): Promise<number> {
    const conversation = this.conversationsById.get(conversationId);
    this.conversationsById.delete(conversationId);
    for (const { message } of conversation?.entries ?? []) this.messages.delete(message.id);
    return Promise.resolve(conversation?.entries.length ?? 0);
  }

  /** Forgets a message, and its conversation with its last message. */
  private remove(id: string): void {
    const entry = this.messages.get(id);
    if (!entry) return;
    this.messages.delete(id);
    const conversation = this.conversationsById.get(entry.message.conversationId);
    if (!conversation) return;
    // Messages finish and are evicted in about the order they came: the oldest is nearly always first.
    const index = conversation.entries.indexOf(entry);
    if (index >= 0) conversation.entries.splice(index, 1);
    if (conversation.entries.length === 0) this.conversationsById.delete(entry.message.conversationId);
  }

  private evict(): void {
    while (this.messages.size > this.retention && this.finishedHead < this.finished.length) {
      this.remove(this.finished[this.finishedHead++]!);
    }
    // Compact the eviction queue now and then so it does not grow without bound.
    if (this.finishedHead > 1024 && this.finishedHead * 2 > this.finished.length) {
      this.finished.splice(0, this.finishedHead);
      this.finishedHead = 0;
    }
  }
}
