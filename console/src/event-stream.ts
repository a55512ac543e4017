import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';

/** Where a followed stream is: what the console shows beside the conversation. */
export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'unauthorized' | 'gone';

export interface FollowOptions {
  url: string;
  /** The request headers of each (re)connection: the API key, when there is one. */
  headers: () => Record<string, string>;
  onEvent: (event: EventSourceMessage) => void;
  onState: (state: StreamState, detail?: string) => void;
  signal: AbortSignal;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Follows an event stream with fetch rather than EventSource, because EventSource cannot send
 * headers: the API key would have to go into the URL, where access logs, proxies and the browser's
 * history keep it. fetch sends it in `x-api-key`, reads the same text/event-stream (parsed by
 * eventsource-parser), and does what EventSource does on its own: after a network drop or a server
 * that went away it reconnects with back-off and sends `Last-Event-ID`, so the stream resumes after
 * the last event received.
 */
export async function follow(options: FollowOptions): Promise<void> {
  const { signal } = options;
  let lastEventId: string | undefined;
  let delay = 250;
  options.onState('connecting');
  while (!signal.aborted) {
    try {
      const response = await fetch(options.url, {
        headers: {
          ...options.headers(),
          accept: 'text/event-stream',
          ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
        },
        cache: 'no-store',
        signal,
      });
      if (response.status === 401) {
        options.onState('unauthorized', await detailOf(response));
        return;
      }
      if (response.status === 404) {
        options.onState('gone', await detailOf(response));
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      options.onState('live');
      delay = 250;
      const reader = response.body
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream())
        .getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.id !== undefined) lastEventId = value.id;
        options.onEvent(value);
      }
      // The server ended the stream (a restart, a shutdown): it is open-ended, so reconnect.
    } catch {
      if (signal.aborted) return;
    }
    options.onState('reconnecting');
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 5_000);
  }
}

/** The `detail` of a problem document, or the status line. */
export async function detailOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: unknown };
    if (typeof body.detail === 'string') return body.detail;
  } catch {
    // not a problem document
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}
