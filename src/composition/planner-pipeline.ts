/**
 * The planner and what it runs on — MCP clients, the engine — built from the configuration: the part
 * a planner worker thread hosts (src/composition/planner-thread.ts) as well as services.ts. Apart from
 * services.ts so that a thread loads none of the stores, the queue or the database client it never
 * uses.
 */
import type { Logger } from 'pino';
import { DEFAULT_GUARDRAILS } from '../agents/guardrails.ts';
import { PlannerAgent } from '../agents/planner-agent.ts';
import type { Config } from '../config/config.ts';
import { DOMAIN_AGENTS, perDomain, type Domain } from '../domains/registry.ts';
import type { Engine } from '../engines/engine.ts';
import { createToolClients } from '../mcp/client-pool.ts';
import type { ToolClient } from '../mcp/tool-client.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { mcpFetch, traceAllToolCalls } from '../telemetry/traced-tools.ts';
import type { AccountStore } from '../store/accounts.ts';

export interface ServiceOptions {
  /** The clock the agents and in-process MCP servers see (tests pin it to cross a year end). */
  now?: () => Date;
  /** Where in-process ticket servers put tickets (createServices gives its backend's). */
  tickets?: TicketStore;
  /** The customer accounts in-process servers read (createServices gives its backend's). */
  accounts?: AccountStore;
}

/**
 * The configured engine. Only its own modules are loaded: an offline service never reads the openai
 * client's (a third of a second of CPU at every start), a model-backed one never builds the offline
 * engine's classifiers.
 */
async function createEngine(config: Config, logger: Logger): Promise<Engine> {
  if (config.llm.provider === 'offline') {
    const { createOfflineEngine } = await import('../engines/offline/offline-engine.ts');
    return createOfflineEngine();
  }
  const { createOpenAiEngine } = await import('../engines/openai/openai-engine.ts');
  return createOpenAiEngine({
    config: config.llm,
    breaker: config.breaker,
    logger: logger.child({ component: 'llm' }),
  });
}

/** The planner and what it runs on: the part a worker thread can host (src/composition/planner-thread.ts). */
export interface PlannerPipeline {
  planner: PlannerAgent;
  tools: Record<Domain, ToolClient>;
  engine: Engine;
}

/** Each domain's MCP clients; each tool call is a span, and over HTTP carries W3C trace context. */
export function createTools(
  config: Config,
  logger: Logger,
  options: ServiceOptions,
): Record<Domain, ToolClient> {
  return traceAllToolCalls(
    createToolClients({
      // In-process servers write tickets to the service's store, so GET /tickets sees them.
      servers: perDomain(
        (domain) => (serverOptions) =>
          domain.createServer({ ...serverOptions, tickets: options.tickets, accounts: options.accounts }),
      ),
      urls: config.mcp.urls,
      authToken: config.mcp.authToken,
      timeoutMs: config.mcp.timeoutMs,
      breaker: config.breaker,
      now: options.now,
      logger: logger.child({ component: 'mcp' }),
      fetch: mcpFetch,
    }),
  );
}

/** MCP clients, the engine and the planner over them. */
export async function createPlannerPipeline(
  config: Config,
  logger: Logger,
  options: ServiceOptions = {},
): Promise<PlannerPipeline> {
  const tools = createTools(config, logger, options);
  const engine = await createEngine(config, logger);
  const planner = new PlannerAgent({
    engine,
    agents: DOMAIN_AGENTS,
    tools,
    guardrails: DEFAULT_GUARDRAILS,
    now: options.now,
  });
  return { planner, tools, engine };
}
