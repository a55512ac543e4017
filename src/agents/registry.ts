import { billingAgent } from '../domains/billing/agent.ts';
import { faqAgent } from '../domains/faq/agent.ts';
import { roamingAgent } from '../domains/roaming/agent.ts';
import { tariffAgent } from '../domains/tariff/agent.ts';
import type { AgentProfile } from '../engines/engine.ts';

/** The domain agents the planner can hand a message to; the planner's choices derive from this list. */
export const DOMAIN_AGENTS: readonly AgentProfile[] = [billingAgent, roamingAgent, tariffAgent, faqAgent];
