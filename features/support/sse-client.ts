import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';

/** What the test client saw of an event stream: its response, its events and comments, how it ended. */
export interface SseClient {
  status: number;
  headers: Headers;
  /** The body of a response that was not a stream (a problem document). */
  problem: unknown;
  readonly events: EventSourceMessage[];
  /** The raw text received so far (to find comments such as heartbeats, which the parser drops). */
  readonly raw: string;
  /** Resolves when the server ended the stream cleanly; rejects when the connection broke. */
  readonly ended: Promise<void>;
  readonly isEnded: boolean;
  /** Waits (bounded) until `ready` holds of what was received; never sleeps. */
  waitFor(ready: (client: SseClient) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

/**
 * Opens an event stream with fetch, as a browser's fetch-based client does, and parses it with
 * eventsource-parser, a parser independent of the server's framing code.
 */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: EventSourceMessage[] = [];
  let raw = '';
  let isEnded = false;
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  let ended: Promise<void> = Promise.resolve();
  let problem: unknown;
  if (response.headers.get('content-type')?.startsWith('text/event-stream') && response.body) {
    const [forEvents, forText] = response.body.tee();
    const reading = (async () => {
      const reader = forEvents
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream())
        .getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        events.push(value);
        notify();
      }
    })();
    const text = (async () => {
      const reader = forText.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        raw += value;
        notify();
      }
    })();
    ended = Promise.all([reading, text]).then(
      () => {
        isEnded = true;
        notify();
      },
      (error: unknown) => {
        isEnded = true;
        notify();
        throw error;
      },
    );
    // Observed here so a stream the test closes itself is no unhandled rejection.
    ended.catch(() => {});
  } else {
    const text = await response.text();
    try {
      problem = JSON.parse(text);
    } catch {
      problem = text;
    }
  }
  const client: SseClient = {
    status: response.status,
    headers: response.headers,
    problem,
    events,
    get raw() {
      return raw;
    },
    ended,
    get isEnded() {
      return isEnded;
    },
    waitFor(ready, what, timeoutMs = 10_000) {
      if (ready(client)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!ready(client)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `${what}: not seen within ${timeoutMs} ms; events: ${events.map((e) => `${e.id} ${e.event}`).join(', ')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () => controller.abort(),
  };
  return client;
}
