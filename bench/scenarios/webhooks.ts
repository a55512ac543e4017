import { Child } from '../lib/child.ts';
import type { Conversations } from '../lib/context.ts';
import { fmt } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

interface ReceiverStats {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

const stats = async (url: string, method: 'GET' | 'DELETE'): Promise<ReceiverStats> =>
  (await (await fetch(`${url}/stats`, { method })).json()) as ReceiverStats;

const ms = (value: number | null): string => (value === null ? 'n/a' : fmt.ms(value));

/**
 * Answers per second (closed-loop conversations, offline engine, in memory) with 1 and
 * with 10 webhook endpoints subscribed, against none (target ≥ 0.9×), and the delivery latency p99
 * from the final update to the receiver. Deliveries still queued when a run's server stops are not
 * counted (memory backend).
 */
export const webhooks: Scenario = {
  name: 'webhooks',
  async run(context) {
    // In its own process: the load generator's event loop here would delay its answers.
    const receiver = await Child.start({ script: 'webhook-receiver.ts' });
    try {
      context.log('webhooks: end to end with no endpoint');
      const none = await context.conversations({}, context.options.durationS);
      const runs: Array<{ endpoints: number; run: Conversations; delivered: ReceiverStats }> = [];
      for (const endpoints of [1, 10]) {
        context.log(`webhooks: end to end with ${endpoints} endpoint(s) subscribed`);
        await stats(receiver.url, 'DELETE');
        const run = await context.conversations(
          {
            WEBHOOK_ALLOW_PRIVATE: 'true',
            BENCH_WEBHOOK_URL: `${receiver.url}/hook`,
            BENCH_WEBHOOK_COUNT: String(endpoints),
          },
          context.options.durationS,
        );
        runs.push({ endpoints, run, delivered: await stats(receiver.url, 'GET') });
      }
      return {
        rows: runs.flatMap(({ endpoints, run, delivered }) => {
          const ratio = run.completedPerSecond / none.completedPerSecond;
          return [
            {
              scenario: `webhooks: answers with ${endpoints} endpoint${endpoints > 1 ? 's' : ''}`,
              figure: fmt.rate(run.completedPerSecond),
              reference: `${fmt.rate(none.completedPerSecond)} with none`,
              ratio,
              target: '≥ 0.90×',
              pass: ratio >= 0.9 && run.failed === 0,
              note: `${delivered.count} deliveries; server CPU ${fmt.us(run.cpuUsPerAnswer)} per answer`,
            },
            {
              scenario: `webhooks: delivery latency p99, ${endpoints} endpoint${endpoints > 1 ? 's' : ''}`,
              figure: ms(delivered.p99Ms),
              reference: `p50 ${ms(delivered.p50Ms)}`,
              ratio: null,
              target: 'informative',
              pass: null,
              note: 'from the final update to the receiver',
            },
          ];
        }),
        raw: {
          none,
          runs,
        },
      };
    } finally {
      await receiver.stop();
    }
  },
};
