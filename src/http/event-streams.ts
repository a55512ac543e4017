import type { Config } from '../config/config.ts';
import { ServiceUnavailableError, TooManyRequestsError } from './errors.ts';
import type { UpdateFeed, UpdateSignal } from '../store/update-feed.ts';

type Listener = (signal: UpdateSignal) => void;

/**
 * The open event streams and long-polls of this process: how many there are (bounded per client and
 * in all), who listens for which message or conversation, and how to end them all at shutdown.
 */
export interface EventStreams {
  readonly settings: Config['streams'];
  /** Open streams and waiting long-polls. */
  readonly open: number;
  /**
   * Admits one more stream or long-poll for `client` (an API key owner or an address), whose `stop`
   * ends it at shutdown. Throws 429 over the per-client bound, 503 over the process's or once closing.
   * Returns the release, to call when it has ended.
   */
  admit(client: string, stop: () => void): () => void;
  /** Calls `listener` for each update of this message recorded from now on. Returns an unsubscribe. */
  onMessage(messageId: string, listener: Listener): () => void;
  /** Calls `listener` for each update of a message of this conversation recorded from now on. */
  onConversation(conversationId: string, listener: Listener): () => void;
  /** Ends every open stream and wait, refuses new ones, and stops listening to the feed. */
  close(): void;
}

/**
 * One subscription to the feed for the whole process, fanned out by message and conversation id: an
 * update costs two map look-ups however many streams are open, not a call per stream.
 */
export function createEventStreams(deps: { feed: UpdateFeed; settings: Config['streams'] }): EventStreams {
  const { settings } = deps;
  const byMessage = new Map<string, Set<Listener>>();
  const byConversation = new Map<string, Set<Listener>>();
  const perClient = new Map<string, number>();
  const stops = new Set<() => void>();
  let closing = false;

  const unsubscribe = deps.feed.subscribe((signal) => {
    for (const listener of byMessage.get(signal.messageId) ?? []) listener(signal);
    for (const listener of byConversation.get(signal.conversationId) ?? []) listener(signal);
  });

  const listen = (index: Map<string, Set<Listener>>, key: string, listener: Listener): (() => void) => {
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && index.get(key) === set) index.delete(key);
    };
  };

  return {
    settings,
    get open() {
      return stops.size;
    },
    admit(client, stop) {
      if (closing) {
        throw new ServiceUnavailableError('The service is shutting down; reconnect to another replica.', 1);
      }
      const mine = perClient.get(client) ?? 0;
      if (mine >= settings.maxPerClient) {
        const error = new TooManyRequestsError(
          `Too many open streams: at most ${settings.maxPerClient} per client; close one first.`,
        );
        error.headers['Retry-After'] = '5';
        throw error;
      }
      if (stops.size >= settings.maxOpen) {
        throw new ServiceUnavailableError(
          `This server holds its maximum of ${settings.maxOpen} open streams; retry shortly.`,
          5,
        );
      }
      perClient.set(client, mine + 1);
      // A fresh function per admission, so the same `stop` admitted twice counts twice.
      const entry = (): void => stop();
      stops.add(entry);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        stops.delete(entry);
        const left = (perClient.get(client) ?? 1) - 1;
        if (left === 0) perClient.delete(client);
        else perClient.set(client, left);
      };
    },
    onMessage: (messageId, listener) => listen(byMessage, messageId, listener),
    onConversation: (conversationId, listener) => listen(byConversation, conversationId, listener),
    close() {
      closing = true;
      for (const stop of [...stops]) stop();
      unsubscribe();
    },
  };
}
