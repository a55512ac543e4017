/**
 * A webhook receiver in its own process (as an integrator's is, elsewhere), for the webhooks
 * scenario: answers every POST with 204 at once and keeps, per delivery, the time from the
 * message's final update (the body's `timestamp`) to the request's arrival. `GET /stats` answers
 * the count and percentiles, `DELETE /stats` starts counting afresh. Signatures are not verified
 * here: the scenarios do that. Runs as a child process of bench/run.ts (it reports its port over IPC).
 */
import { createServer } from 'node:http';
import { failToParent, serveHttpToParent } from './lib/protocol.ts';

const percentile = (sorted: number[], p: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  let latenciesMs: number[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/stats') {
      if (req.method === 'DELETE') latenciesMs = [];
      const sorted = [...latenciesMs].sort((a, b) => a - b);
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
      try {
        const { timestamp } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
        latenciesMs.push(arrived - Date.parse(timestamp));
      } catch {
        // Not a delivery: nothing to time.
      }
      res.writeHead(204).end();
    });
  });
  await serveHttpToParent(server, () => latenciesMs.length);
}

main().catch(failToParent);
