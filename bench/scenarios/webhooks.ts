import { startPostgres } from '../../scripts/embedded-postgres.ts';
import { Child } from '../lib/child.ts';
import type { Conversations, RunContext } from '../lib/context.ts';
import { fmt, type Row } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

interface ReceiverStats {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

const stats = async (url: string, method: 'GET' | 'DELETE'): Promise<ReceiverStats> =>
  (await (await fetch(`${url}/stats`, { method })).json()) as ReceiverStats;

const ms = (value: number | null): string => (value === null ? 'n/a' : fmt.ms(value));

interface Runs {
  none: Conversations;
  runs: Array<{ endpoints: number; run: Conversations; delivered: ReceiverStats }>;
}

/**
 * One backend's runs: none, then 1 and 10 endpoints subscribed, all pointing at the receiver.
 * `settings` gives each run its server's settings (with PostgreSQL, a fresh database each).
 */
async function measure(
  context: RunContext,
  backend: string,
  receiverUrl: string,
  settings: () => Promise<Record<string, string>>,
): Promise<Runs> {
  context.log(`webhooks (${backend}): end to end with no endpoint`);
  const none = await context.conversations(await settings(), context.options.durationS);
  const runs: Runs['runs'] = [];
  for (const endpoints of [1, 10]) {
    context.log(`webhooks (${backend}): end to end with ${endpoints} endpoint(s) subscribed`);
    await stats(receiverUrl, 'DELETE');
    const run = await context.conversations(
      {
        ...(await settings()),
        WEBHOOK_ALLOW_PRIVATE: 'true',
        BENCH_WEBHOOK_URL: `${receiverUrl}/hook`,
        BENCH_WEBHOOK_COUNT: String(endpoints),
      },
      context.options.durationS,
    );
    runs.push({ endpoints, run, delivered: await stats(receiverUrl, 'GET') });
  }
  return { none, runs };
}

const rowsOf = (backend: string, { none, runs }: Runs): Row[] =>
  runs.flatMap(({ endpoints, run, delivered }) => {
    const ratio = run.completedPerSecond / none.completedPerSecond;
    const subscribed = `${endpoints} endpoint${endpoints > 1 ? 's' : ''}, ${backend}`;
    return [
      {
        scenario: `webhooks: answers with ${subscribed}`,
        figure: fmt.rate(run.completedPerSecond),
        reference: `${fmt.rate(none.completedPerSecond)} with none`,
        ratio,
        target: '≥ 0.90×',
        pass: ratio >= 0.9 && run.failed === 0,
        note: `${delivered.count} deliveries; server CPU ${fmt.us(run.cpuUsPerAnswer)} per answer`,
      },
      {
        scenario: `webhooks: delivery latency p99, ${subscribed}`,
        figure: ms(delivered.p99Ms),
        reference: `p50 ${ms(delivered.p50Ms)}`,
        ratio: null,
        target: 'informative',
        pass: null,
        note: 'from the final update to the receiver',
      },
    ];
  });

/**
 * Answers per second (closed-loop conversations, offline engine) with 1 and with 10 webhook
 * endpoints subscribed, against none (target ≥ 0.9×), and the delivery latency p99 from the final
 * update to the receiver: in memory, and on PostgreSQL (one replica on the embedded server, fsync
 * on), where each event is owed in its final update's transaction and relayed from there.
 * Deliveries still queued when a run's server stops are not counted.
 */
export const webhooks: Scenario = {
  name: 'webhooks',
  async run(context) {
    // In its own process: the load generator's event loop here would delay its answers.
    const receiver = await Child.start({ script: 'webhook-receiver.ts' });
    try {
      const memory = await measure(context, 'memory', receiver.url, async () => ({}));
      const server = await startPostgres({ durable: true });
      let postgres: Runs;
      try {
        postgres = await measure(context, 'postgres', receiver.url, async () => ({
          DATABASE_URL: await server.freshDatabase(),
        }));
      } finally {
        await server.destroy();
      }
      return {
        rows: [...rowsOf('memory', memory), ...rowsOf('postgres', postgres)],
        raw: { memory, postgres },
      };
    } finally {
      await receiver.stop();
    }
  },
};
