/**
 * A planner thread (processing/threaded-handler.ts): builds its own planner pipeline — engine and MCP
 * clients — from the configuration it is given, and runs the jobs it is sent. The tickets its
 * in-process ticket server raises go to the service's ticket store, over the port.
 * Tracing continues from the propagated W3C context when the OpenTelemetry preload runs in this
 * thread too (it does: workers inherit execArgv, hence `--import ./src/telemetry/preload.ts`).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { context as otelContext, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { DOMAINS } from '../domains/registry.ts';
import { createLogger } from '../telemetry/logger.ts';
import { createPlannerPipeline } from './planner-pipeline.ts';
import { forwardMeasurements } from '../telemetry/metrics.ts';
import { telemetryRuntime } from '../telemetry/runtime.ts';
import { withMessageScope } from '../telemetry/tracing.ts';
import { ProcessingFailure } from '../core/failures.ts';
import type { FromThread, PlannerThreadData, ToThread } from '../processing/threaded-handler.ts';
import { ThreadTicketStore } from '../processing/thread-tickets.ts';
import { openAccounts } from './open-accounts.ts';
import { ThreadAccountStore } from '../processing/thread-accounts.ts';
import { clientConversationId } from '../store/conversation-key.ts';

if (isMainThread || !parentPort) throw new Error('planner-thread.ts runs only as a worker thread');
const port = parentPort;
const { config } = workerData as PlannerThreadData;
const send = (message: FromThread): void => port.postMessage(message);
// Before the pipeline exists: its instruments must forward to the main thread's /metrics.
forwardMeasurements((measurement) => send({ type: 'measurement', measurement }));
const logger = createLogger(config).child({ component: 'planner-thread' });
// Tickets go to the service's store on the main thread, where GET /tickets reads them.
const tickets = new ThreadTicketStore(send);
// The accounts the in-process tool servers read: PostgreSQL's with DATABASE_URL, else the service's
// in memory on the main thread, where executed actions change them.
const mainAccounts = config.database ? undefined : new ThreadAccountStore(send);
const { accounts, close: closeAccounts } = mainAccounts
  ? { accounts: mainAccounts, close: async () => {} }
  : await openAccounts(config, logger);
const { planner, tools } = await createPlannerPipeline(config, logger, { tickets, accounts });
const running = new Map<number, AbortController>();

async function run(job: Extract<ToThread, { type: 'job' }>): Promise<void> {
  const controller = new AbortController();
  running.set(job.id, controller);
  const scope = { messageId: job.messageId, conversationId: clientConversationId(job.conversationId) };
  const parent = withMessageScope(propagation.extract(ROOT_CONTEXT, job.carrier), scope);
  try {
    const outcome = await otelContext.with(parent, () =>
      planner.handle(
        {
          messageId: job.messageId,
          conversationId: job.conversationId,
          customerId: job.customerId,
          content: job.content,
          history: job.history,
        },
        {
          signal: controller.signal,
          report: (result, agentName) => send({ type: 'report', id: job.id, result, agentName }),
        },
      ),
    );
    send({ type: 'done', id: job.id, outcome });
  } catch (error) {
    send({ type: 'failed', id: job.id, error: ProcessingFailure.from(error).toJSON() });
  } finally {
    running.delete(job.id);
  }
}

async function close(): Promise<void> {
  await Promise.allSettled(DOMAINS.map((domain) => tools[domain].close()));
  await closeAccounts().catch(() => undefined);
  await telemetryRuntime()
    .shutdown()
    .catch((error: unknown) => logger.warn({ err: error }, 'telemetry did not flush'));
  logger.flush(() => process.exit(0));
}

port.on('message', (message: ToThread) => {
  if (message.type === 'job') void run(message);
  else if (message.type === 'tickets') tickets.settle(message);
  else if (message.type === 'accounts') mainAccounts?.settle(message);
  else if (message.type === 'cancel')
    running.get(message.id)?.abort(ProcessingFailure.fromJSON(message.reason));
  else void close();
});
