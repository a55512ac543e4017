import type { Logger } from 'pino';
import type { ListQuery, ListResult, StoredMessage, Update } from '../store/message-store.ts';
import { isFinal } from '../store/message-store.ts';
import type { EventStreams } from './event-streams.ts';
import { presentUpdate } from './presenters.ts';
import type { SseConnection } from './sse.ts';

/**
 * The live views of updates: a message's event stream, a conversation's, and the long-poll. Each
 * learns from the feed (through EventStreams) only *that* something new exists, then reads the updates
 * themselves from the processor after its own cursor. So a signal lost, doubled or reordered costs
 * nothing, and a feed that crosses replicas (PostgreSQL's) drops in without changing this file.
 */

/** The processor's reads, awaited everywhere: with PostgreSQL they are asynchronous. */
export interface UpdateReader {
  get(id: string): Promise<StoredMessage | undefined>;
  /** A message's updates after sequence `after`, oldest first; undefined when it is unknown. */
  updates(id: string, after?: number): Promise<Update[] | undefined>;
  list(query: ListQuery): Promise<ListResult>;
}

/** A message and its updates after `after`, or undefined when it is gone. */
async function updatesAfter(
  reader: UpdateReader,
  id: string,
  after: number,
): Promise<{ message: StoredMessage; updates: Update[] } | undefined> {
  const [message, updates] = await Promise.all([reader.get(id), reader.updates(id, after)]);
  if (!message || !updates) return undefined;
  return { message, updates };
}

/** True when the message has ended and nothing follows sequence `after`: a stream would carry nothing. */
export async function endedBefore(reader: UpdateReader, id: string, after: number): Promise<boolean> {
  const found = await updatesAfter(reader, id, after);
  return found !== undefined && found.updates.length === 0 && isFinal(found.message.status);
}

/** The wire text of one update: exactly what `GET /messages/{id}/updates` returns for it. */
const dataOf = (messageId: string, update: Update): string =>
  JSON.stringify(presentUpdate(messageId, update));

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
  const pump = serialized(
    async () => {
      if (sse.closed || sse.behind) return;
      const found = await updatesAfter(reader, messageId, cursor);
      // Evicted or erased while streaming: nothing more will come.
      if (!found) return sse.end();
      for (const update of found.updates) {
        if (update.sequence <= cursor) continue;
        cursor = update.sequence;
        const more = sse.send({
          id: String(update.sequence),
          event: update.status,
          data: dataOf(messageId, update),
        });
        if (isFinal(update.status)) return sse.end();
        // The socket is full: the rest stays in the store until it drains (onReady pumps again).
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
  const unsubscribe = deps.streams.onMessage(messageId, pump);
  sse.onReady(pump);
  sse.onClose(unsubscribe);
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

/** A conversation's messages the caller may see (all when `owner` is undefined), oldest first, a page at a time. */
async function conversationMessages(
  reader: UpdateReader,
  conversationId: string,
  owner: string | undefined,
): Promise<StoredMessage[]> {
  const pageSize = 100;
  const all: StoredMessage[] = [];
  for (let page = 1; ; page++) {
    const { total, messages } = await reader.list({ page, pageSize, conversationId, owner });
    all.push(...messages);
    if (messages.length < pageSize || all.length >= total) break;
  }
  return all.reverse();
}

/**
 * How long an update waits before a conversation stream may send it: until its millisecond is over.
 * In memory a signal arrives within the same turn of the event loop, so one millisecond is enough; a
 * feed that crosses replicas needs its delivery delay (and the replicas' clock skew) here instead.
 */
const SETTLE_MS = 1;

/**
 * Where an update stands in its conversation's stream: when it was recorded, then its message's
 * arrival (time, then id), then its sequence. Every stream of the conversation sends updates in this
 * order, live and replayed alike, so a resume point names exactly what the client has seen.
 */
type StreamKey = readonly [processedAt: number, receivedAt: number, messageId: string, sequence: number];

const keyOf = (message: StoredMessage, update: Update): StreamKey => [
  update.processedAt,
  message.receivedAt,
  message.id,
  update.sequence,
];

function compareKeys(a: StreamKey, b: StreamKey): number {
  return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || a[3] - b[3];
}

/**
 * A conversation's event stream: every update of its messages so far, then each new one, messages
 * posted later included, until the client leaves; all in one order (StreamKey: when each update was
 * recorded, ties by the message's arrival, then the sequence).
 *
 * That order holds live too because an update is sent only once its millisecond is over: nothing can
 * be recorded with an earlier time afterwards, so no later event ever sorts before one already sent.
 * (An update of the current millisecond waits for the next one: at most a millisecond or two.) A
 * resume from `<message_id>/<sequence>` therefore sends exactly the updates after that one in the
 * order: none lost, none twice.
 */
export async function streamConversation(deps: {
  reader: UpdateReader;
  streams: EventStreams;
  sse: SseConnection;
  conversationId: string;
  /** Whose messages: one owner's, or everyone's (undefined: no keys, or an admin key). */
  owner: string | undefined;
  /** Whether the caller may see a message (API key owners). */
  visible: (message: StoredMessage) => boolean;
  resumeFrom: ConversationCursor | undefined;
  logger: Logger;
}): Promise<void> {
  const { reader, sse } = deps;
  /** The last sequence sent (or seen before a resume) per message the caller may see. */
  const cursors = new Map<string, number>();
  /** Messages this caller may not see: never read again. */
  const hidden = new Set<string>();
  /** Messages that may have updates not sent yet. */
  const dirty = new Set<string>();
  /** False until the messages so far are known: a signal meanwhile only marks its message. */
  let started = false;
  let retry: NodeJS.Timeout | undefined;

  const pump = serialized(
    async () => {
      if (!started || sse.closed || sse.behind) return;
      // Updates recorded before this moment are all known (their signals came first); later ones
      // will carry a later time. With a feed that crosses replicas, SETTLE_MS must cover its delay.
      const now = Date.now() - SETTLE_MS + 1;
      const ready: Array<{ key: StreamKey; message: StoredMessage; update: Update }> = [];
      let waiting = false;
      for (const messageId of [...dirty]) {
        dirty.delete(messageId);
        if (hidden.has(messageId)) continue;
        const found = await updatesAfter(reader, messageId, cursors.get(messageId) ?? 0);
        if (!found) continue;
        if (!cursors.has(messageId)) {
          if (!deps.visible(found.message)) {
            hidden.add(messageId);
            continue;
          }
          cursors.set(messageId, 0);
        }
        for (const update of found.updates) {
          // Its millisecond is not over: an update of another message may still come before it.
          if (update.processedAt >= now) {
            dirty.add(messageId);
            waiting = true;
            break;
          }
          ready.push({ key: keyOf(found.message, update), message: found.message, update });
        }
      }
      if (waiting) {
        clearTimeout(retry);
        retry = setTimeout(pump, SETTLE_MS);
      }
      ready.sort((a, b) => compareKeys(a.key, b.key));
      for (const [index, { message, update }] of ready.entries()) {
        cursors.set(message.id, update.sequence);
        const more = sse.send({
          id: conversationEventId(message.id, update.sequence),
          event: update.status,
          data: dataOf(message.id, update),
        });
        if (!more) {
          // The socket is full: what is left stays in the store, read again once it drains.
          for (const rest of ready.slice(index + 1)) dirty.add(rest.message.id);
          return;
        }
      }
    },
    (error) => {
      deps.logger.error({ err: error, conversation_id: deps.conversationId }, 'conversation stream failed');
      sse.end();
    },
  );

  // Subscribed before the messages are listed, so a message posted in between is listed or signalled.
  const unsubscribe = deps.streams.onConversation(deps.conversationId, (signal) => {
    dirty.add(signal.messageId);
    pump();
  });
  sse.onReady(pump);
  sse.onClose(() => {
    unsubscribe();
    clearTimeout(retry);
  });

  try {
    const messages = await conversationMessages(reader, deps.conversationId, deps.owner);
    const resumeAt = await resumeKey(reader, deps.resumeFrom, deps.conversationId, deps.visible);
    for (const message of messages) {
      // What the client has seen of each message is a prefix of its updates: those up to the resume point.
      let seen = 0;
      if (resumeAt) {
        const found = await updatesAfter(reader, message.id, 0);
        for (const update of found?.updates ?? []) {
          if (compareKeys(keyOf(found!.message, update), resumeAt) > 0) break;
          seen = update.sequence;
        }
      }
      cursors.set(message.id, seen);
      dirty.add(message.id);
    }
  } catch (error) {
    // The stream has started: the failure can only end it (the client reconnects and resumes).
    deps.logger.error({ err: error, conversation_id: deps.conversationId }, 'conversation stream failed');
    sse.end();
    return;
  }
  started = true;
  pump();
}

/**
 * The stream position of the update a resume names. Undefined — replay everything — when it is not an
 * update of a message of this conversation the caller may see (gone, or never theirs).
 */
async function resumeKey(
  reader: UpdateReader,
  cursor: ConversationCursor | undefined,
  conversationId: string,
  visible: (message: StoredMessage) => boolean,
): Promise<StreamKey | undefined> {
  if (!cursor) return undefined;
  const found = await updatesAfter(reader, cursor.messageId, cursor.sequence - 1);
  const update = found?.updates[0];
  if (!found || update?.sequence !== cursor.sequence) return undefined;
  if (found.message.conversationId !== conversationId || !visible(found.message)) return undefined;
  return keyOf(found.message, update);
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
