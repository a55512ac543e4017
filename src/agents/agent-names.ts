import type { Domain } from '../config.ts';

/** Agent names as clients see them in updates and status (DESIGN.md §1). */
export const AGENT_NAMES = {
  planner: 'PlannerAgent',
  billing: 'BillingAgent',
  roaming: 'RoamingAgent',
  tariff: 'TariffAgent',
  faq: 'FaqAgent',
} as const satisfies Record<Domain | 'planner', string>;

export type AgentName = (typeof AGENT_NAMES)[keyof typeof AGENT_NAMES];
