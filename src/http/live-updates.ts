import type { Logger } from 'pino';
import type { MessageStore, StoredMessage, Update } from '../store/message-store.ts';
import { isFinal } from '../store/message-store.ts';
import type { EventStreams } from './event-streams.ts';
import { presentUpdate } from './presenters.ts';
import type { SseConnection } from './sse.ts';

/**
 * The live views of updates: a message's event stream, a conversation's, and the long-poll. Each
 * learns from the feed (through EventStreams) only *that* something new exists, then reads the updates
 * themselves from the message store after its own cursor. So a signal lost, doubled or reordered costs
 * nothing, and a feed that crosses replicas (PostgreSQL's) drops in without changing this file.
 */

/** The message store's reads the routes make, awaited everywhere: with PostgreSQL they are asynchronous. */
export type UpdateReader = Pick<MessageStore, 'get' | 'updates' | 'list' | 'conversationUpdates'>;

/**
 * A message and its updates after `after`, or undefined when it is gone. The message (its status)
 * is read first and the updates after it, never both at once: a final status and the final update
 * are recorded together, so updates read later always include the final one when the status says
 * final. Read the other way round (or concurrently, with two queries), a stream could see "final"
 * without the final update, end, and lose it.
 */
async function updatesAfter(
  reader: UpdateReader,
  id: string,
  after: number,
): Promise<{ message: StoredMessage; updates: Update[] } | undefined> {
  const message = await reader.get(id);
  if (!message) return undefined;
  const updates = await reader.updates(id, after);
  if (!updates) return undefined;
  return { message, updates };
}

/** True when the message has ended and nothing follows sequence `after`: a stream would carry nothing. */
export async function endedBefore(reader: UpdateReader, id: string, after: number): Promise<boolean> {
  const found = await updatesAfter(reader, id, after);
  return found !== undefined && found.updates.length === 0 && isFinal(found.message.status);
}

/**
 * Sends one update as the event `id`, its data exactly what `GET /messages/{id}/updates` returns for
 * it. False when the socket is full: the rest stays in the store, read again once it drains (onReady).
 */
const sendUpdate = (sse: SseConnection, id: string, messageId: string, update: Update): boolean =>
  sse.send({ id, event: update.status, data: JSON.stringify(presentUpdate(messageId, update)) });

/**
 * Runs `step` whenever `wake` is called, one run at a time: a wake during a run makes it run again
 * afterwards, never twice at once (two concurrent reads would send the same update twice). A run
 * starts on the next turn of the event loop, so the updates a message records in one burst (the
 * routing, a tool call, the answer) go out in one read and one write rather than one each.
 */
function serialized(step: () => Promise<void>, onError: (error: unknown) => void): () => void {
  let state: 'idle' | 'scheduled' | 'running' = 'idle';
  let again = false;
  const run = async (): Promise<void> => {
    state = 'running';
    try {
      do {
        again = false;
        await step();
      } while (again);
    } catch (error) {
      onError(error);
    } finally {
      state = 'idle';
    }
  };
  const wake = (): void => {
    if (state === 'running') again = true;
    if (state !== 'idle') return;
    state = 'scheduled';
    setImmediate(() => void run());
  };
  return wake;
}

/**
 * Runs `step` (serialized) on each signal `subscribe` delivers and each time the socket drains, until
 * the stream closes; returns the wake, for the first read. A failed step has `fail` log it and end
 * the stream (the client reconnects and resumes).
 */
function follow(
  sse: SseConnection,
  subscribe: (wake: () => void) => () => void,
  step: () => Promise<void>,
  fail: (error: unknown) => void,
): () => void {
  const pump = serialized(step, fail);
  const unsubscribe = subscribe(pump);
  sse.onReady(pump);
  sse.onClose(unsubscribe);
  return pump;
}

/**
 * A message's event stream: the updates after `after`, then each new one, ended after the final one.
 * Subscribes before the first read, so an update recorded between the two is not missed; the cursor
 * (the last sequence sent) drops whatever the read and the signal both bring.
 */
export function streamMessage(deps: {
  reader: UpdateReader;
  streams: EventStreams;
  sse: SseConnection;
  messageId: string;
  after: number;
  logger: Logger;
}): void {
  const { reader, sse, messageId } = deps;
  let cursor = deps.after;
  const pump = follow(
    sse,
    (wake) => deps.streams.onMessage(messageId, wake),
    async () => {
      if (sse.closed || sse.behind) return;
      const found = await updatesAfter(reader, messageId, cursor);
      // Evicted or erased while streaming: nothing more will come.
      if (!found) return sse.end();
      for (const update of found.updates) {
        if (update.sequence <= cursor) continue;
        cursor = update.sequence;
        const more = sendUpdate(sse, String(update.sequence), messageId, update);
        if (isFinal(update.status)) return sse.end();
        if (!more) return;
      }
      // Everything up to the end was sent, or a resume came after the final update: nothing more.
      if (isFinal(found.message.status)) sse.end();
    },
    (error) => {
      deps.logger.error({ err: error, message_id: messageId }, 'message event stream failed');
      sse.end();
    },
  );
  pump();
}

/** Where a conversation stream resumes: after this update of this message (its event id). */
export interface ConversationCursor {
  messageId: string;
  sequence: number;
}

/** The event id of an update in a conversation stream: `<message_id>/<sequence>`. */
const conversationEventId = (messageId: string, sequence: number): string => `${messageId}/${sequence}`;

/** Parses a conversation stream's event id; undefined when it is not one. */
export function parseConversationEventId(text: string | undefined): ConversationCursor | undefined {
  const match = text === undefined ? null : /^([^/\s]{1,200})\/([1-9][0-9]{0,8})$/.exec(text.trim());
  return match ? { messageId: match[1]!, sequence: Number(match[2]) } : undefined;
}

/** Updates read per query of a conversation stream; more are read at once when a page comes back full. */
const PAGE = 100;

/**
 * A conversation's event stream: every update of its messages so far, then each new one, messages
 * posted later included, until the client leaves; in the order they were recorded, which is the order
 * of their positions in the conversation (`Update.position`): each replica's writes take the next
 * position of the conversation under one lock, so positions commit in order everywhere. The stream
 * keeps one cursor, the last position sent, and reads what follows it whenever the feed signals the
 * conversation. Event ids stay `<message_id>/<sequence>`: a resume finds that update's position and
 * sends exactly what follows it, none lost, none twice.
 */
export async function streamConversation(deps: {
  reader: UpdateReader;
  streams: EventStreams;
  sse: SseConnection;
  conversationId: string;
  /** Whose messages: one owner's, or everyone's (undefined: no keys, or an admin key). */
  owner: string | undefined;
  resumeFrom: ConversationCursor | undefined;
  logger: Logger;
}): Promise<void> {
  const { reader, sse, conversationId, owner } = deps;
  let cursor = 0;
  /** The count the cursor belongs to (ConversationUpdates.generation); unknown until the first read. */
  let generation: string | undefined;
  /** False until the resume point is known: a signal meanwhile waits for the first read. */
  let started = false;

  const fail = (error: unknown): void => {
    deps.logger.error({ err: error, conversation_id: conversationId }, 'conversation stream failed');
    sse.end();
  };
  // Subscribed before the resume point is read, so nothing recorded in between is missed.
  const pump = follow(
    sse,
    (wake) => deps.streams.onConversation(conversationId, wake),
    async () => {
      if (!started || sse.closed || sse.behind) return;
      for (;;) {
        const read = await reader.conversationUpdates(conversationId, cursor, { owner, limit: PAGE });
        // Every message of the conversation went (retention, erasure) and new ones came: their
        // positions count from 1 again.
        if (generation !== undefined && read.generation !== generation && cursor > 0) {
          generation = read.generation;
          cursor = 0;
          continue;
        }
        generation = read.generation;
        const { updates } = read;
        for (const { messageId, update } of updates) {
          cursor = update.position;
          if (!sendUpdate(sse, conversationEventId(messageId, update.sequence), messageId, update)) return;
        }
        if (updates.length < PAGE) return;
      }
    },
    fail,
  );
  try {
    cursor = await resumePosition(reader, deps.resumeFrom, conversationId, owner);
  } catch (error) {
    // The stream has started: the failure can only end it (the client reconnects and resumes).
    fail(error);
    return;
  }
  started = true;
  pump();
}

/**
 * The position of the update a resume names. 0 — replay everything — when it is not an update of a
 * message of this conversation the caller may see (gone, or never theirs).
 */
async function resumePosition(
  reader: UpdateReader,
  cursor: ConversationCursor | undefined,
  conversationId: string,
  owner: string | undefined,
): Promise<number> {
  if (!cursor) return 0;
  const message = await reader.get(cursor.messageId);
  if (!message || message.conversationId !== conversationId) return 0;
  if (owner !== undefined && message.owner !== owner) return 0;
  const update = (await reader.updates(cursor.messageId, cursor.sequence - 1))?.[0];
  return update?.sequence === cursor.sequence ? update.position : 0;
}

/**
 * The long-poll: the updates after `after` as soon as there is one, else `[]` after `waitMs` (or at
 * once when the client leaves or the service shuts down). Subscribes before reading, like the streams.
 */
export async function waitForUpdates(deps: {
  reader: UpdateReader;
  streams: EventStreams;
  messageId: string;
  after: number;
  waitMs: number;
  /** Ends the wait early: the client left, or the service is shutting down. */
  stopped: Promise<void>;
}): Promise<Update[] | undefined> {
  let wake: () => void = () => {};
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const unsubscribe = deps.streams.onMessage(deps.messageId, () => wake());
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = await updatesAfter(deps.reader, deps.messageId, deps.after);
    if (!first || first.updates.length > 0 || isFinal(first.message.status)) return first?.updates;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, deps.waitMs)));
    await Promise.race([woken, timeout, deps.stopped]);
    return (await updatesAfter(deps.reader, deps.messageId, deps.after))?.updates;
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}
