import { request, type ClientRequest } from 'node:http';
import { startSemker } from '../lib/context.ts';
import { conversationLoad } from '../lib/load.ts';
import { completedPerSecond } from '../lib/protocol.ts';
import { fmt } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

const PROCESSED_AT = /"processed_at":"([^"]+)"/;

/** The streams held open during the run: one per conversation of the load's pool (bench-0 … bench-999). */
const STREAMS = 1000;

/** What the stream clients measured: delivery delays of the updates recorded during the measured phase. */
interface StreamMeasure {
  /** Milliseconds from an update's `processed_at` to its arrival here, for updates recorded after `from`. */
  delays: number[];
  /** Streams that ended or failed before the run was over. */
  dropped: number;
}

/**
 * Live updates under load. The end-to-end run (50 closed-loop clients, offline engine) twice on fresh
 * servers: without streams, then with 1000 conversation streams open, one per conversation the load
 * talks in, so every update of the run goes out on a stream. Answers/s with streams ÷ without (target
 * ≥ 0.8×), and from an update being recorded (`processed_at`, the server's clock, the same machine's)
 * to its event reaching a stream client, the p99 (target ≤ 50 ms; millisecond resolution). The stream
 * clients run in this process beside autocannon, so their own event-loop delays count against the
 * server: the figure is pessimistic.
 */
export const streams: Scenario = {
  name: 'streams',
  async run(context) {
    const { durationS, warmupS } = context.options;
    context.log('streams: end to end without streams (reference)');
    const without = await context.conversations({}, durationS);

    context.log(`streams: end to end with ${STREAMS} conversation streams open`);
    const child = await startSemker({ STREAM_MAX_PER_CLIENT: String(STREAMS * 2), STREAM_MAX_OPEN: '5000' });
    const clients: ClientRequest[] = [];
    try {
      await seed(child.url);
      const measure: StreamMeasure = { delays: [], dropped: 0 };
      const state = { from: Number.POSITIVE_INFINITY, over: false };
      for (let i = 0; i < STREAMS; i++) clients.push(follow(child.url, `bench-${i}`, measure, state));
      await conversationLoad(child.url, warmupS);
      const before = await child.sample();
      state.from = Date.now();
      await conversationLoad(child.url, durationS);
      const after = await child.sample();
      state.over = true;
      const rate = completedPerSecond(before, after);
      const ratio = rate / without.completedPerSecond;
      const p99 = percentile(measure.delays, 0.99);
      return {
        rows: [
          {
            scenario: `streams: answers with ${STREAMS} streams open (offline)`,
            figure: fmt.rate(rate),
            reference: `${fmt.rate(without.completedPerSecond)} without streams`,
            ratio,
            target: '≥ 0.80×',
            pass: ratio >= 0.8 && after.failed === before.failed,
          },
          {
            scenario: 'streams: update recorded → stream client, p99',
            figure: `${p99} ms`,
            reference: `p50 ${percentile(measure.delays, 0.5)} ms, ${measure.delays.length} events`,
            ratio: null,
            target: '≤ 50 ms',
            pass: p99 <= 50 && measure.delays.length > 0 && measure.dropped === 0,
            ...(measure.dropped > 0 ? { note: `${measure.dropped} streams dropped` } : {}),
          },
        ],
        raw: { without, rate, delays: summary(measure.delays), dropped: measure.dropped },
      };
    } finally {
      for (const client of clients) client.destroy();
      await child.stop();
    }
  },
};

/** One message in each conversation first: a conversation stream exists once its conversation does. */
async function seed(url: string): Promise<void> {
  const ids = Array.from({ length: STREAMS }, (_, i) => `bench-${i}`);
  const workers = Array.from({ length: 50 }, async () => {
    for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
      const response = await fetch(`${url}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ms-conversation-id': id },
        body: JSON.stringify({ message: 'Hello' }),
      });
      if (response.status !== 201) throw new Error(`seeding ${id}: ${response.status}`);
    }
  });
  await Promise.all(workers);
}

/** Follows one conversation stream, noting each update's delay once the measured phase has begun. */
function follow(
  url: string,
  conversation: string,
  measure: StreamMeasure,
  state: { from: number; over: boolean },
): ClientRequest {
  const req = request(`${url}/conversations/${conversation}/events`, {
    headers: { accept: 'text/event-stream' },
    agent: false,
  });
  req.on('response', (res) => {
    if (res.statusCode !== 200) {
      measure.dropped++;
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      const now = Date.now();
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        // Only the time is needed: a regular expression, not a JSON parse, keeps this client cheap.
        const at = PROCESSED_AT.exec(event)?.[1];
        if (at) {
          const recorded = Date.parse(at);
          if (recorded >= state.from && !state.over) measure.delays.push(now - recorded);
        }
        end = buffer.indexOf('\n\n');
      }
    });
    res.on('close', () => {
      if (!state.over) measure.dropped++;
    });
  });
  req.on('error', () => {
    if (!state.over) measure.dropped++;
  });
  req.end();
  return req;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function summary(values: number[]) {
  return {
    count: values.length,
    p50: percentile(values, 0.5),
    p90: percentile(values, 0.9),
    p99: percentile(values, 0.99),
    max: values.length > 0 ? Math.max(...values) : Number.NaN,
  };
}
