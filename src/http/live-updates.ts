import type { Logger } from 'pino';
import type { ListQuery, ListResult, StoredMessage, Update } from '../store/message-store.ts';
import { isFinal, readUpdates } from '../store/message-store.ts';
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
  get(id: string): StoredMessage | undefined | Promise<StoredMessage | undefined>;
  list(query: ListQuery): ListResult | Promise<ListResult>;
}

/** A message and its updates after `after`, or undefined when it is gone. */
async function updatesAfter(
  reader: UpdateReader,
  id: string,
  after: number,
): Promise<{ message: StoredMessage; updates: Update[] } | undefined> {
  const message = await reader.get(id);
  if (!message) return undefined;
  return { message, updates: readUpdates(message.updates, message.receivedAt, after) };
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
export const conversationEventId = (messageId: string, sequence: number): string =>
  `${messageId}/${sequence}`;

/** Parses a conversation stream's event id; undefined when it is not one. */
export function parseConversationEventId(text: string | undefined): ConversationCursor | undefined {
  const match = text === undefined ? null : /^([^/\s]{1,200})\/([1-9][0-9]{0,8})$/.exec(text.trim());
  return match ? { messageId: match[1]!, sequence: Number(match[2]) } : undefined;
}

/** A conversation's messages the caller may see (all when `owner` is undefined), oldest first, a page at a time. */
export async function conversationMessages(
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
 * A conversation's event stream: every update of its messages so far, in the order they were
 * recorded, then each new one, messages posted later included, until the client leaves.
 *
 * Resuming from `<message_id>/<sequence>` replays every update recorded at or after that update's
 * millisecond except those of the named message up to its sequence. Updates are replayed and sent live
 * in the order they were recorded, so that is exactly what the client has not seen; only updates of
 * other messages recorded in the very same millisecond may come a second time (the client recognises
 * them by `message_id` and `sequence`). Nothing is lost.
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
  /** The last sequence sent (or seen before a resume) per message; a message not in it is new. */
  const cursors = new Map<string, number>();
  /** Messages this caller may not see: never read again. */
  const hidden = new Set<string>();
  /** Replay events waiting for room in the socket, oldest first. */
  let outbox: Array<{ messageId: string; update: Update }> = [];
  /** Messages with news, in the order their signals came. */
  const dirty = new Set<string>();
  /** False until the replay is built: a signal meanwhile only marks its message (sent after the replay). */
  let replayed = false;

  const sendOne = (messageId: string, update: Update): boolean =>
    sse.send({
      id: conversationEventId(messageId, update.sequence),
      event: update.status,
      data: dataOf(messageId, update),
    });

  const pump = serialized(
    async () => {
      if (!replayed || sse.closed || sse.behind) return;
      while (outbox.length > 0) {
        const next = outbox.shift()!;
        if (!sendOne(next.messageId, next.update)) return;
      }
      for (const messageId of dirty) {
        if (sse.closed || sse.behind) return;
        dirty.delete(messageId);
        if (hidden.has(messageId)) continue;
        const cursor = cursors.get(messageId) ?? 0;
        const found = await updatesAfter(reader, messageId, cursor);
        if (!found) continue;
        if (!cursors.has(messageId) && !deps.visible(found.message)) {
          hidden.add(messageId);
          continue;
        }
        for (const update of found.updates) {
          if (update.sequence <= (cursors.get(messageId) ?? 0)) continue;
          cursors.set(messageId, update.sequence);
          if (!sendOne(messageId, update)) {
            // The rest of this message waits in the store; it is read again once the socket drains.
            dirty.add(messageId);
            return;
          }
        }
      }
    },
    (error) => {
      deps.logger.error({ err: error, conversation_id: deps.conversationId }, 'conversation stream failed');
      sse.end();
    },
  );

  // Subscribed before the messages are read again below, so nothing recorded in between is missed.
  const unsubscribe = deps.streams.onConversation(deps.conversationId, (signal) => {
    dirty.add(signal.messageId);
    pump();
  });
  sse.onReady(pump);
  sse.onClose(unsubscribe);

  try {
    outbox = await replayOf(deps, cursors);
  } catch (error) {
    // The stream has started: the failure can only end it (the client reconnects and resumes).
    deps.logger.error({ err: error, conversation_id: deps.conversationId }, 'conversation stream failed');
    sse.end();
    return;
  }
  replayed = true;
  pump();
}

/**
 * What a conversation stream sends first: the updates of its messages so far (after the resume
 * point), in the order they were recorded. Fills in each message's cursor.
 */
async function replayOf(
  deps: Pick<Parameters<typeof streamConversation>[0], 'reader' | 'conversationId' | 'owner' | 'resumeFrom'>,
  cursors: Map<string, number>,
): Promise<Array<{ messageId: string; update: Update }>> {
  const { reader } = deps;
  // Listed after subscribing: a message posted in between is in the list or signalled, never neither.
  const messages = await conversationMessages(reader, deps.conversationId, deps.owner);
  const replay: Array<{ messageId: string; update: Update; order: number }> = [];
  let resumeAt: number | undefined;
  if (deps.resumeFrom) {
    const named = messages.find((m) => m.id === deps.resumeFrom!.messageId);
    const update = named
      ? readUpdates(named.updates, named.receivedAt, deps.resumeFrom.sequence - 1)[0]
      : undefined;
    resumeAt = update?.processedAt;
  }
  for (const [order, listed] of messages.entries()) {
    const found = await updatesAfter(reader, listed.id, 0);
    if (!found) continue;
    for (const update of found.updates) {
      const seen =
        resumeAt !== undefined &&
        (update.processedAt < resumeAt ||
          (listed.id === deps.resumeFrom!.messageId && update.sequence <= deps.resumeFrom!.sequence));
      cursors.set(listed.id, update.sequence);
      if (!seen) replay.push({ messageId: listed.id, update, order });
    }
  }
  // In the order they were recorded (ties: the earlier message, then the sequence), as live events go.
  replay.sort(
    (a, b) =>
      a.update.processedAt - b.update.processedAt ||
      a.order - b.order ||
      a.update.sequence - b.update.sequence,
  );
  return replay.map(({ messageId, update }) => ({ messageId, update }));
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
