/** That an update was recorded: enough for a stream to read it from the store. */
export interface UpdateSignal {
  messageId: string;
  conversationId: string;
  sequence: number;
  final: boolean;
}

/**
 * Live updates, fanned out to whoever holds a stream: in one process (in memory), or from whichever
 * replica recorded the update to every replica (PostgreSQL LISTEN/NOTIFY, store/postgres/).
 */
export interface UpdateFeed {
  /** Calls the listener for each update recorded from now on, by any replica. Returns an unsubscribe. */
  subscribe(listener: (signal: UpdateSignal) => void): () => void;
  close(): Promise<void>;
}

/** The in-memory feed, and the hook its one writer (the processor's recorded updates) calls. */
export interface InMemoryUpdateFeed extends UpdateFeed {
  publish(signal: UpdateSignal): void;
}

/**
 * Calls each listener in turn; one that throws is the subscriber's bug and must not stop the others
 * or the writer, so its error is handed to `onListenerError`.
 */
export function fanOut(
  listeners: ReadonlySet<(signal: UpdateSignal) => void>,
  signal: UpdateSignal,
  onListenerError: (error: unknown) => void,
): void {
  for (const listener of listeners) {
    try {
      listener(signal);
    } catch (error) {
      onListenerError(error);
    }
  }
}

/** An UpdateFeed within one process: what the processor records is published to its subscribers. */
export function createInMemoryUpdateFeed(
  options: { onListenerError?: (error: unknown) => void } = {},
): InMemoryUpdateFeed {
  const listeners = new Set<(signal: UpdateSignal) => void>();
  const onListenerError = options.onListenerError ?? (() => {});
  return {
    publish: (signal) => fanOut(listeners, signal, onListenerError),
    subscribe(listener) {
      // A wrapper per subscription, so the same function subscribed twice is called twice.
      const entry = (signal: UpdateSignal): void => listener(signal);
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    close() {
      listeners.clear();
      return Promise.resolve();
    },
  };
}
