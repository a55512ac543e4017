/**
 * A webhook receiver in its own process (as an integrator's is, elsewhere), for the webhooks
 * scenario: answers every POST with 204 at once and keeps, per delivery (its path and webhook-id:
 * a retry of one is not another), when its event happened (the body's `timestamp`, the message's
 * final update) and the time from then to the first arrival. `GET /stats?from=&to=` answers the
 * count and latency percentiles of the deliveries whose event happened in that window (epoch
 * milliseconds; all without), `DELETE /stats` starts afresh. Signatures are not verified here: the
 * scenarios do that. Runs as a child process of bench/run.ts (it reports its port over IPC).
 */
import { createServer } from 'node:http';
import { failToParent, serveHttpToParent } from './lib/protocol.ts';

const percentile = (sorted: number[], p: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

interface Arrival {
  eventMs: number;
  latencyMs: number;
}

async function main(): Promise<void> {
  let arrivals = new Map<string, Arrival>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (url.pathname === '/stats') {
      if (req.method === 'DELETE') arrivals = new Map();
      const from = Number(url.searchParams.get('from') ?? -Infinity);
      const to = Number(url.searchParams.get('to') ?? Infinity);
      const sorted = [...arrivals.values()]
        .filter(({ eventMs }) => eventMs >= from && eventMs <= to)
        .map(({ latencyMs }) => latencyMs)
        .sort((a, b) => a - b);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          count: sorted.length,
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
        }),
      );
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrived = Date.now();
      const key = `${url.pathname} ${String(req.headers['webhook-id'])}`;
      try {
        const { timestamp } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
        const eventMs = Date.parse(timestamp);
        if (!arrivals.has(key)) arrivals.set(key, { eventMs, latencyMs: arrived - eventMs });
      } catch {
        // Not a delivery: nothing to time.
      }
      res.writeHead(204).end();
    });
  });
  await serveHttpToParent(server, () => arrivals.size);
}

main().catch(failToParent);
