import type { Response } from 'express';

/**
 * Server-sent events on one response. The framing is hand-written: it is four kinds of line
 * (`id:`, `event:`, `data:`, `: comment`) from the HTML standard, fewer lines than wiring a library,
 * and the part that matters here — never buffering more than the socket will take — is exactly
 * what the libraries leave to the caller.
 */

/** One event: `id` and `event` are single-line tokens (sequences, statuses); `data` is any text. */
export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/** One event as its wire text. Each line of `data` becomes a `data:` line, so a newline cannot end it early. */
export function formatEvent(event: SseEvent): string {
  const data = event.data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `id: ${singleLine(event.id)}\nevent: ${singleLine(event.event)}\n${data}\n`;
}

/** A field that must stay on its line (a CR or LF would start a new field; NUL voids an id). */
const singleLine = (text: string): string => text.replace(/[\r\n\0]/g, '');

export interface SseOptions {
  /** A `: heartbeat` comment this often keeps proxies and clients from taking the stream for dead. */
  heartbeatMs: number;
  /** A reader that cannot take more for this long is cut off (its client reconnects and resumes). */
  slowReaderMs: number;
  /** The reconnection delay EventSource clients are told to use, in ms. */
  retryMs?: number;
}

/** An open event stream. */
export interface SseConnection {
  /**
   * Writes one event. Returns false when the socket cannot take more now: stop writing and carry on
   * at `onReady`. Nothing is written (false) once the stream has closed.
   */
  send(event: SseEvent): boolean;
  /** True while the socket is full: the writer waits for `onReady`. */
  readonly behind: boolean;
  readonly closed: boolean;
  /** Called when a full socket has drained. */
  onReady(listener: () => void): void;
  /** Called once, when the stream has closed for any reason (ended, client gone, cut off); at once if it has. */
  onClose(listener: () => void): void;
  /** Ends the stream cleanly. */
  end(): void;
}

/**
 * Starts an event stream on `res`: headers sent at once (so the client sees the stream open before the
 * first event), a heartbeat, and backpressure. The writer never queues more than the socket refuses:
 * when `res.write` returns false, `send` returns false and the writer stops until the socket drains;
 * the events not yet sent stay in the store, where the writer reads them from its cursor. A reader
 * that stays behind longer than `slowReaderMs` is cut off, so one stuck client cannot hold memory.
 */
export function openSse(res: Response, options: SseOptions): SseConnection {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  // no-transform: a proxy must not compress or rewrite the stream (it would buffer it to do so).
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  // nginx honours this per response, on top of the location's `proxy_buffering off`.
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  // Small events must leave at once: no Nagle delay.
  res.socket?.setNoDelay(true);

  let closed = false;
  let behind = false;
  let slowTimer: NodeJS.Timeout | undefined;
  const readyListeners: Array<() => void> = [];
  const closeListeners: Array<() => void> = [];

  let corked = false;
  const uncork = (): void => {
    if (!corked) return;
    corked = false;
    res.uncork();
  };
  const write = (text: string): boolean => {
    if (closed) return false;
    // The events written in one turn of the event loop leave in one packet, not one syscall each.
    if (!corked) {
      corked = true;
      res.cork();
      process.nextTick(uncork);
    }
    const more = res.write(text);
    if (!more && !behind) {
      behind = true;
      slowTimer = setTimeout(() => res.destroy(), options.slowReaderMs);
    }
    return more;
  };

  const heartbeat = setInterval(() => {
    // A full socket is not idle: no heartbeat is owed, and none is queued behind the data.
    if (!behind) write(': heartbeat\n\n');
  }, options.heartbeatMs);

  res.on('drain', () => {
    if (!behind) return;
    behind = false;
    clearTimeout(slowTimer);
    for (const listener of readyListeners) listener();
  });
  res.on('close', () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(slowTimer);
    for (const listener of closeListeners) listener();
  });

  write(`retry: ${options.retryMs ?? 1000}\n\n`);

  return {
    send: (event) => write(formatEvent(event)) && !closed,
    get behind() {
      return behind;
    },
    get closed() {
      return closed;
    },
    onReady: (listener) => void readyListeners.push(listener),
    // A stream that has already closed calls a late listener at once, so no cleanup is ever missed.
    onClose: (listener) => (closed ? listener() : void closeListeners.push(listener)),
    end: () => {
      if (closed) return;
      // What is corked goes out first: ending a corked response would drop it.
      uncork();
      res.end();
    },
  };
}
