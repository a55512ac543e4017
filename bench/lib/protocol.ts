import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The tiny IPC protocol between the bench orchestrator and the servers it runs in child processes.
 * A child announces `ready` with its port; the parent asks for `sample`s (counters and memory, taken
 * by the child itself, so the figures come from the server's own clock) and finally `stop`s it.
 */

/** Counters and memory of a child at one instant. */
export interface Sample {
  /** performance.now() in the child, in milliseconds. */
  t: number;
  accepted: number;
  completed: number;
  failed: number;
  updates: number;
  /** SQL statements the child sent to PostgreSQL (0 in memory). */
  queries: number;
  rss: number;
  heapUsed: number;
  /** CPU the child's process has used so far (all threads, user + system), in microseconds. */
  cpuUs: number;
  /** CPU the child's main thread (its event loop) has used so far, in microseconds; null off Linux. */
  mainThreadCpuUs: number | null;
  /** The child's monotonic clock in microseconds: the clock of a V8 .cpuprofile's timestamps. */
  clockUs: number;
}

/** Messages the child finished per second between two of its samples, by its own clock. */
export const completedPerSecond = (before: Sample, after: Sample): number =>
  ((after.completed - before.completed) * 1000) / (after.t - before.t);

/** The child's CPU (every thread) per message it finished between two of its samples, in microseconds. */
export const cpuUsPerCompleted = (before: Sample, after: Sample): number =>
  (after.cpuUs - before.cpuUs) / Math.max(1, after.completed - before.completed);

/** The same for the child's main thread alone, when both samples know it. */
export const mainThreadCpuUsPerCompleted = (before: Sample, after: Sample): number | null =>
  before.mainThreadCpuUs === null || after.mainThreadCpuUs === null
    ? null
    : (after.mainThreadCpuUs - before.mainThreadCpuUs) / Math.max(1, after.completed - before.completed);

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux the bench runs on). */
const TICKS_PER_SECOND = 100;

/**
 * User + system CPU of this process's main thread, from /proc/self/task/<pid>/stat (fields 14 and
 * 15, after the parenthesised command name), in microseconds; null where there is no /proc.
 * process.cpuUsage() adds every thread (GC helpers, libuv's pool), and the event loop is the one
 * that decides throughput. Resolution 10 ms: fine over a measured phase of seconds.
 */
function mainThreadCpuUs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'sample'; id: number; sample: Sample }
  | { type: 'result'; result: unknown }
  | { type: 'error'; message: string };

export type ParentMessage = { type: 'sample'; id: number } | { type: 'stop' };

/** Child side: answers samples from `read`, runs `stop` then exits on request (so --cpu-prof writes its file). */
export function serveParent(
  read: () => Omit<Sample, 't' | 'rss' | 'heapUsed' | 'cpuUs' | 'mainThreadCpuUs' | 'clockUs'>,
  stop: () => Promise<void>,
): void {
  const send = (message: ChildMessage): void => {
    process.send?.(message);
  };
  process.on('message', (raw: ParentMessage) => {
    if (raw.type === 'sample') {
      const { rss, heapUsed } = process.memoryUsage();
      const { user, system } = process.cpuUsage();
      const clockUs = Number(process.hrtime.bigint() / 1000n);
      send({
        type: 'sample',
        id: raw.id,
        sample: {
          t: performance.now(),
          rss,
          heapUsed,
          cpuUs: user + system,
          mainThreadCpuUs: mainThreadCpuUs(),
          clockUs,
          ...read(),
        },
      });
    } else if (raw.type === 'stop') {
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }
  });
  // An orphaned child (the orchestrator died) must not keep serving.
  process.on('disconnect', () => process.exit(0));
}

/**
 * Child side, for a plain HTTP server (a reference, a receiver): listens on a free loopback port,
 * answers samples with `accepted()` as its count, closes every connection on stop, and reports its
 * port to the parent.
 */
export async function serveHttpToParent(server: Server, accepted: () => number): Promise<void> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  serveParent(
    () => ({ accepted: accepted(), completed: 0, failed: 0, updates: 0, queries: 0 }),
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
}

/** Child side: reports a fatal start-up error to the parent and exits. */
export function failToParent(error: unknown): never {
  process.send?.({
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exit(1);
}
