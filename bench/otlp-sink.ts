/**
 * The tracing scenario's collector: features/support/otlp-receiver.ts (a real OTLP/gRPC receiver that
 * decodes every span) in a child process of its own. In the orchestrator it shared an event loop
 * with autocannon, which keeps that loop saturated: exports were answered late, the API's batch span
 * processor filled its queue and dropped most spans, and the figure measured a tracer that exported
 * a fifth of its spans. Here the receiver keeps up, so the API pays for every span it exports.
 * A sample's `accepted` is the number of spans received so far (the rest of the counters are zero);
 * spans are counted and dropped as they arrive, so its memory stays flat.
 */
import { OtlpReceiver } from '../features/support/otlp-receiver.ts';
import { failToParent, serveParent } from './lib/protocol.ts';

async function main(): Promise<void> {
  const receiver = await OtlpReceiver.start();
  let received = 0;
  const drain = setInterval(() => {
    received += receiver.spans.length;
    receiver.spans.length = 0;
  }, 200);
  serveParent(
    () => ({ accepted: received + receiver.spans.length, completed: 0, failed: 0, updates: 0, queries: 0 }),
    async () => {
      clearInterval(drain);
      await receiver.close();
    },
  );
  process.send?.({ type: 'ready', port: Number(new URL(receiver.endpoint).port) });
}

main().catch(failToParent);
