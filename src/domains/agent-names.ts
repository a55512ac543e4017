import { perDomain, type Domain, type DomainAgentName } from './registry.ts';

/** Agent names as clients see them in updates and status (docs/api.md): the planner's and each domain's. */
export const AGENT_NAMES: { readonly planner: 'PlannerAgent' } & Readonly<Record<Domain, DomainAgentName>> = {
  planner: 'PlannerAgent',
  ...perDomain((domain) => domain.agent.name),
};

export type AgentName = 'PlannerAgent' | DomainAgentName;
