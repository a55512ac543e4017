import { startPostgres } from '../../scripts/embedded-postgres.ts';
import { Child } from '../lib/child.ts';
import type { Conversations, MeasuredWindow, RunContext } from '../lib/context.ts';
import { fmt, type Row } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

interface ReceiverStats {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

interface Delivered extends ReceiverStats {
  /** Distinct deliveries the receiver got over the server's whole run (warm-up and end included). */
  arrived: number;
  /** Deliveries the server's run owed: each final update it made, once per endpoint. */
  owed: number;
  /**
   * The server's CPU per answer from the window's start until its deliveries arrived: the
   * deliveries sent after the window (queued behind the answers) count, while those of the
   * warm-up sent in the window count as well.
   */
  cpuUsPerAnswerDelivered: number;
}

const stats = async (url: string, method: 'GET' | 'DELETE', query = ''): Promise<ReceiverStats> =>
  (await (await fetch(`${url}/stats${query}`, { method })).json()) as ReceiverStats;

/** How long deliveries may go without one more arriving before the count is taken as it is. */
const STALL_MS = 5000;

/**
 * After a measured phase, with the server still up: waits until the receiver got every delivery
 * the server owes (each final update of its whole run, once per endpoint; or none came for
 * STALL_MS), then takes the latency of the window's deliveries: those whose event's timestamp
 * falls in the phase's wall-clock span.
 */
async function delivered(receiverUrl: string, endpoints: number, window: MeasuredWindow): Promise<Delivered> {
  const count = async (): Promise<{ arrived: number; owed: number }> => {
    const sample = await window.sample();
    const { count: arrived } = await stats(receiverUrl, 'GET');
    return { arrived, owed: (sample.completed + sample.failed) * endpoints };
  };
  let last = await count();
  let progressAt = Date.now();
  while (last.arrived < last.owed && Date.now() - progressAt < STALL_MS) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await count();
    if (now.arrived > last.arrived) progressAt = Date.now();
    last = now;
  }
  const settled = await window.sample();
  const finished =
    window.after.completed + window.after.failed - window.before.completed - window.before.failed;
  return {
    ...(await stats(receiverUrl, 'GET', `?from=${window.fromMs}&to=${window.toMs}`)),
    ...last,
    cpuUsPerAnswerDelivered: (settled.cpuUs - window.before.cpuUs) / Math.max(1, finished),
  };
}

const ms = (value: number | null): string => (value === null ? 'n/a' : fmt.ms(value));

interface Runs {
  none: Conversations;
  runs: Array<{ endpoints: number; run: Conversations; delivered: Delivered }>;
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
    let counted: Delivered | undefined;
    const run = await context.conversations(
      {
        ...(await settings()),
        WEBHOOK_ALLOW_PRIVATE: 'true',
        BENCH_WEBHOOK_URL: `${receiverUrl}/hook`,
        BENCH_WEBHOOK_COUNT: String(endpoints),
      },
      context.options.durationS,
      [],
      async (window) => {
        counted = await delivered(receiverUrl, endpoints, window);
      },
    );
    runs.push({ endpoints, run, delivered: counted! });
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
        note:
          `server CPU ${fmt.us(run.cpuUsPerAnswer)} per answer (${fmt.us(none.cpuUsPerAnswer)} with none), ` +
          `${fmt.us(delivered.cpuUsPerAnswerDelivered)} until its deliveries arrived` +
          (run.queriesPerAnswer > 0
            ? `, ${run.queriesPerAnswer.toFixed(1)} statements (${none.queriesPerAnswer.toFixed(1)} with none)`
            : ''),
      },
      {
        scenario: `webhooks: delivery latency p99, ${subscribed}`,
        figure: ms(delivered.p99Ms),
        reference: `p50 ${ms(delivered.p50Ms)}`,
        ratio: null,
        target: 'informative',
        pass: null,
        note:
          `from the final update to the receiver, over the window's ${delivered.count} deliveries; ` +
          `${delivered.arrived} of the run's ${delivered.owed} deliveries arrived`,
      },
    ];
  });

/**
 * Answers per second (closed-loop conversations, offline engine) with 1 and with 10 webhook
 * endpoints subscribed, against none (target ≥ 0.9×), and the delivery latency p99 from the final
 * update to the receiver: in memory, and on PostgreSQL (one replica on the embedded server, fsync
 * on), where each event is owed in its final update's transaction and relayed from there.
 * The latency counts every delivery of the measured window's answers: the server stays up after
 * the phase until every delivery it owes arrived (the row says how many did).
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
