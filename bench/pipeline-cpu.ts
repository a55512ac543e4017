/**
 * CPU per message of the pipeline alone, without HTTP: the real services in this process (offline
 * engine, in-process MCP servers, in-memory stores), built as bench/semker-server.ts builds them from
 * the compiled dist/, and the bench's four questions posted through `MessageProcessor.accept` over
 * its 500 conversations, 50 at a time, each batch awaited to its answers. Prints this thread's CPU
 * (user + system, /proc) per answered message for each round, and the median.
 *
 * Unlike the end-to-end row, the work per message here does not depend on how many requests share a
 * turn of the event loop, so on a busy machine it moves less from run to run: it is for an A/B of a
 * change to the engine, the agents, MCP, the processor or the stores, run in each tree in turn.
 *
 *   npx tsx bench/pipeline-cpu.ts [rounds=7] [messages per round=4000]
 */
import { readFileSync } from 'node:fs';
import type * as ConfigModule from '../src/config/config.ts';
import type * as LoggerModule from '../src/telemetry/logger.ts';
import type * as ServicesModule from '../src/composition/services.ts';
import type * as MessageStoreModule from '../src/store/message-store.ts';
import { CONVERSATIONS, QUESTIONS } from './lib/load.ts';

const load = <T>(module: string): Promise<T> =>
  import(new URL(`../dist/${module}.js`, import.meta.url).href) as Promise<T>;

const [{ loadConfig }, { createLogger }, { createServices }, { isFinal }] = await Promise.all([
  load<typeof ConfigModule>('config/config'),
  load<typeof LoggerModule>('telemetry/logger'),
  load<typeof ServicesModule>('composition/services'),
  load<typeof MessageStoreModule>('store/message-store'),
]);

const rounds = Number(process.argv[2] ?? 7);
const perRound = Number(process.argv[3] ?? 4000);
const BATCH = 50;

const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', LLM_PROVIDER: 'offline' });
const services = await createServices(config, createLogger(config));
await services.started;
const { processor } = services;
const waiting = new Map<string, () => void>();
processor.on('update', (id, update) => {
  if (isFinal(update.status)) waiting.get(id)?.();
});

/** This thread's user + system CPU in microseconds (clock ticks of 10 ms: rounds are long enough). */
function threadCpuUs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

let n = 0;
async function round(count: number): Promise<number> {
  const before = threadCpuUs();
  for (let done = 0; done < count; done += BATCH) {
    await Promise.all(
      Array.from({ length: BATCH }, async () => {
        const i = n++;
        const finished = new Promise<void>((resolve) => waiting.set(`${i}`, resolve));
        const message = await processor.accept({
          conversationId: `c${i % CONVERSATIONS}`,
          content: QUESTIONS[i % QUESTIONS.length]!,
        });
        waiting.set(message.id, () => {
          waiting.delete(message.id);
          waiting.get(`${i}`)?.();
          waiting.delete(`${i}`);
        });
        await finished;
      }),
    );
  }
  return (threadCpuUs() - before) / count;
}

await round(perRound); // warm-up: JIT, the stores filling
const results: number[] = [];
for (let r = 0; r < rounds; r++) {
  const us = await round(perRound);
  results.push(us);
  process.stdout.write(`round ${r + 1}: ${us.toFixed(0)} µs per message\n`);
}
results.sort((a, b) => a - b);
process.stdout.write(
  `median ${results[Math.floor(results.length / 2)]!.toFixed(0)} µs (${results[0]!.toFixed(0)}–${results.at(-1)!.toFixed(0)})\n`,
);
await processor.shutdown(0);
await services.close();
process.exit(0);
