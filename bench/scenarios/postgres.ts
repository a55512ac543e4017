import { readdirSync, readFileSync } from 'node:fs';
import { startPostgres, type PostgresServer } from '../../scripts/embedded-postgres.ts';
import { startSemker } from '../lib/context.ts';
import { conversationLoad, postLoad } from '../lib/load.ts';
import { completedPerSecond } from '../lib/protocol.ts';
import { fmt } from '../lib/report.ts';
import type { Scenario } from './scenario.ts';

/** Linux clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's CPU times. */
const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by the postmaster and its children (the backends, the writers). */
function postgresCpuSeconds(postmaster: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the parenthesised command: state, ppid, …, utime (14th field), stime (15th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    if (pid !== postmaster && ppid !== postmaster) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * The PostgreSQL backend's rows: one replica on the embedded server (PostgreSQL 18 from npm, fsync
 * on), measured in the same run as the in-memory backend and divided by it. Accepted/s and p99 of
 * POST /messages with the worker behind it; completed answers/s in closed-loop conversations; SQL
 * round trips per message (statements the replica sent — every query, BEGIN and COMMIT, the queue's
 * polls and heartbeats included — over the messages it finished); and the server's CPU per message
 * (the postmaster and its backends, from /proc), from which one PostgreSQL core's capacity follows.
 */
export const postgres: Scenario = {
  name: 'postgres',
  async run(context) {
    const server: PostgresServer = await startPostgres({ durable: true });
    try {
      const memoryFront = await context.frontDoor();
      context.log('postgres: front door, one replica on the embedded PostgreSQL');
      const front = await startSemker({
        QUEUE_CAPACITY: '1000000',
        DATABASE_URL: await server.freshDatabase(),
      });
      let frontLoad;
      try {
        await postLoad(front.url, context.options.warmupS);
        frontLoad = await postLoad(front.url, context.options.durationS);
      } finally {
        await front.stop();
      }

      context.log('postgres: end to end, in memory then on PostgreSQL (50 conversations)');
      const memoryRun = await context.conversations({}, context.options.durationS);
      const child = await startSemker({ DATABASE_URL: await server.freshDatabase() });
      let e2e;
      try {
        await conversationLoad(child.url, context.options.warmupS);
        const postmaster = server.pid()!;
        const cpuBefore = postgresCpuSeconds(postmaster);
        const before = await child.sample();
        const load = await conversationLoad(child.url, context.options.durationS);
        const after = await child.sample();
        const cpuAfter = postgresCpuSeconds(postmaster);
        const finished = after.completed + after.failed - before.completed - before.failed;
        e2e = {
          load,
          completedPerSecond: completedPerSecond(before, after),
          failed: after.failed - before.failed,
          roundTripsPerMessage: (after.queries - before.queries) / Math.max(1, finished),
          cpuMsPerMessage: ((cpuAfter - cpuBefore) * 1000) / Math.max(1, finished),
        };
      } finally {
        await child.stop();
      }

      const acceptRatio = frontLoad.okPerSecond / memoryFront.load.okPerSecond;
      const answerRatio = e2e.completedPerSecond / memoryRun.completedPerSecond;
      // One core of the server serves 1000 ms of CPU per second; a replica asks cpuMs × its rate.
      const replicasPerCore = 1000 / (e2e.cpuMsPerMessage * e2e.completedPerSecond);
      return {
        rows: [
          {
            scenario: 'postgres: POST /messages accepted',
            figure: fmt.rate(frontLoad.okPerSecond),
            reference: `${fmt.rate(memoryFront.load.okPerSecond)} in memory`,
            ratio: acceptRatio,
            target: '≥ 0.50×',
            pass: acceptRatio >= 0.5 && frontLoad.non2xx === 0,
            ...(frontLoad.non2xx > 0 ? { note: `${frontLoad.non2xx} non-2xx` } : {}),
          },
          {
            scenario: 'postgres: POST /messages p99',
            figure: fmt.ms(frontLoad.latencyMs.p99),
            reference: `${fmt.ms(memoryFront.load.latencyMs.p99)} in memory`,
            ratio: frontLoad.latencyMs.p99 / Math.max(memoryFront.load.latencyMs.p99, 0.001),
            target: '≤ 50 ms',
            pass: frontLoad.latencyMs.p99 <= 50,
          },
          {
            scenario: 'postgres: answers completed (offline)',
            figure: fmt.rate(e2e.completedPerSecond),
            reference: `${fmt.rate(memoryRun.completedPerSecond)} in memory`,
            ratio: answerRatio,
            target: '≥ 0.50×',
            pass: answerRatio >= 0.5 && e2e.failed === 0,
            ...(e2e.failed > 0 ? { note: `${e2e.failed} failed` } : {}),
          },
          {
            scenario: 'postgres: SQL round trips per message',
            figure: e2e.roundTripsPerMessage.toFixed(1),
            reference: 'POST to final update',
            ratio: e2e.roundTripsPerMessage / 6,
            target: '≤ 6',
            pass: e2e.roundTripsPerMessage <= 6,
          },
          {
            scenario: 'postgres: server CPU per message',
            figure: `${e2e.cpuMsPerMessage.toFixed(2)} ms`,
            reference: `${fmt.rate(e2e.completedPerSecond)} per replica`,
            ratio: replicasPerCore,
            target: 'replicas per core',
            pass: true,
            note: `one PostgreSQL core feeds ≈ ${replicasPerCore.toFixed(1)} replicas at this rate`,
          },
        ],
        raw: { memoryFront, frontLoad, memoryRun, e2e },
      };
    } finally {
      await server.destroy();
    }
  },
};
