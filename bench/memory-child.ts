/**
 * Heap cost of a finished message: run with --expose-gc as a child of bench/run.ts. Builds the real
 * services (offline engine, in-process MCP, production logging to /dev/null), pushes BENCH_COUNT
 * messages (default 100 000) through MessageProcessor.accept in batches no larger than the queue,
 * lets every one finish, and reports heapUsed after − before (both after a full GC) per message.
 * MESSAGE_RETENTION is set above the count so the store keeps them all.
 */
import { createServices } from '../src/composition/services.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/telemetry/logger.ts';
import { failToParent } from './lib/protocol.ts';
import { QUESTIONS } from './lib/load.ts';

export interface MemoryResult {
  count: number;
  conversations: number;
  heapBefore: number;
  heapAfter: number;
  bytesPerMessage: number;
  /** The same, measured again once MCP_TIMEOUT_MS has passed (per-call deadline timers have fired). */
  heapSettled: number;
  bytesPerMessageSettled: number;
  settleMs: number;
  updatesPerMessage: { min: number; max: number; mean: number };
  completed: number;
  failed: number;
  seconds: number;
}

const CONVERSATIONS = 1000;
const WARMUP = 2000;

function collect(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const count = Number(process.env.BENCH_COUNT ?? '100000');
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    LLM_PROVIDER: 'offline',
    MESSAGE_RETENTION: String(count + WARMUP + 1000),
  });
  const services = await createServices(config, createLogger(config));
  await services.started;
  const { processor } = services;
  const batch = config.worker.queueCapacity;
  let sent = 0;
  const push = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    while (ids.length < n) {
      const size = Math.min(batch, n - ids.length);
      for (let i = 0; i < size; i++, sent++) {
        const message = await processor.accept({
          conversationId: `mem-${sent % CONVERSATIONS}`,
          content: QUESTIONS[sent % QUESTIONS.length]!,
        });
        ids.push(message.id);
      }
      await processor.drain();
    }
    return ids;
  };

  await push(WARMUP);
  const heapBefore = collect();
  const started = performance.now();
  const ids = await push(count);
  const seconds = (performance.now() - started) / 1000;
  const heapAfter = collect();

  // Each MCP call arms a deadline of MCP_TIMEOUT_MS; whatever it pins is freed when it fires.
  const settleMs = config.mcp.timeoutMs + 1000;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const heapSettled = collect();

  let min = Infinity;
  let max = 0;
  let total = 0;
  let completed = 0;
  let failed = 0;
  for (const id of ids) {
    const message = await services.messages.get(id);
    const updates = await services.messages.updates(id);
    if (!message || !updates) continue;
    const n = updates.length;
    min = Math.min(min, n);
    max = Math.max(max, n);
    total += n;
    if (message.status === 'completed') completed++;
    else if (message.status === 'failed') failed++;
  }
  const result: MemoryResult = {
    count,
    conversations: CONVERSATIONS,
    heapBefore,
    heapAfter,
    bytesPerMessage: (heapAfter - heapBefore) / count,
    heapSettled,
    bytesPerMessageSettled: (heapSettled - heapBefore) / count,
    settleMs,
    updatesPerMessage: { min, max, mean: total / ids.length },
    completed,
    failed,
    seconds,
  };
  await processor.shutdown(0);
  await services.close();
  process.send?.({ type: 'result', result }, () => process.exit(0));
}

if (import.meta.main) main().catch(failToParent);
