import type { StoredMessage, Update } from './message-store.ts';
import { isFinal } from './message-store.ts';

/**
 * That an update was recorded: which message (and conversation), its sequence, and whether it was the
 * message's last. A signal carries no text: a listener reads the updates themselves from the store
 * (`after` its own cursor), so a signal that arrives twice, late or out of order costs a read, never
 * a lost or repeated event.
 */
export interface UpdateSignal {
  messageId: string;
  conversationId: string;
  sequence: number;
  final: boolean;
}

/**
 * How the live parts of the HTTP layer (event streams, long-polls) learn that something new exists.
 * In memory it is fed by this process's processor; with PostgreSQL, by LISTEN/NOTIFY from every
 * replica, so a stream open on one replica sees updates recorded by another.
 */
export interface UpdateFeed {
  /** Calls the listener for each update recorded from now on, by any replica. Returns an unsubscribe. */
  subscribe(listener: (signal: UpdateSignal) => void): () => void;
  close(): Promise<void>;
}

/** What the in-memory feed listens to: the processor's `update` events and its reads. */
export interface UpdateSource {
  on(event: 'update', listener: (messageId: string, update: Update) => void): unknown;
  off(event: 'update', listener: (messageId: string, update: Update) => void): unknown;
  get(id: string): StoredMessage | undefined | Promise<StoredMessage | undefined>;
}

/**
 * The feed of one process: every update its processor records, to the listeners of this process.
 * Enough for one replica; several replicas need a feed that crosses processes (PostgreSQL's).
 */
export function createInMemoryUpdateFeed(source: UpdateSource): UpdateFeed {
  const listeners = new Set<(signal: UpdateSignal) => void>();
  const onUpdate = (messageId: string, update: Update): void => {
    if (listeners.size === 0) return;
    void announce(messageId, update);
  };
  const announce = async (messageId: string, update: Update): Promise<void> => {
    // The event names the message only; its conversation comes from the store (awaited, so a store
    // with asynchronous reads fits the same code).
    const message = await source.get(messageId);
    if (!message) return;
    const signal: UpdateSignal = {
      messageId,
      conversationId: message.conversationId,
      sequence: update.sequence,
      final: isFinal(update.status),
    };
    // A copy: a listener may unsubscribe (its stream ended) while the signal is being delivered.
    for (const listener of [...listeners]) listener(signal);
  };
  source.on('update', onUpdate);
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      source.off('update', onUpdate);
      listeners.clear();
    },
  };
}
