import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { PRICING_STRUCTURES } from '../slots.ts';
import type { DomainServerOptions } from '../domain.ts';
import { eur, toolError, toolResult } from '../../mcp/tool-results.ts';
import { planNamed, plansByStructure, type TariffPlan } from './data.ts';
import { accountFor } from '../../mcp/customer-context.ts';

const addOnOutput = z.object({
  name: z.string(),
  price: z.number().describe('Price in EUR'),
  validity: z.string().optional().describe('How long the add-on lasts, e.g. "7 days"'),
});

const planOutput = z.object({
  name: z.string(),
  pricing_structure: z.enum(PRICING_STRUCTURES),
  price: z.number().describe('Price per validity period in EUR'),
  currency: z.literal('EUR'),
  validity: z.string().describe('Validity period, e.g. "28 days" or "1 month"'),
  minutes: z.string().describe('Included minutes, e.g. "300" or "unlimited (fair use)"'),
  data: z.string().describe('Included data with its conditions, e.g. "10 GB (fair use, no rollover)"'),
  sms: z.string().describe('Included SMS, e.g. "100" or "unlimited"'),
  add_ons: z.array(addOnOutput),
});

/** structuredContent of `get_current_tariff_plan`. */
export const CurrentPlanOutputSchema = z.object({ plan: planOutput });

/** structuredContent of `get_tariff_plan`. */
export const PlansOutputSchema = z.object({
  pricing_structure: z.enum(PRICING_STRUCTURES).optional().describe('The structure asked for, if any'),
  plans: z.array(planOutput),
});

/** One readable line per plan, prices with two decimals. */
const renderPlan = (plan: TariffPlan): string => {
  const addOns = plan.add_ons
    .map((a) => `${a.name} ${eur(a.price)}${a.validity ? ` (${a.validity})` : ''}`)
    .join('; ');
  return (
    `- ${plan.name} (${plan.pricing_structure}): ${eur(plan.price)} EUR per ${plan.validity}; ` +
    `minutes ${plan.minutes}, data ${plan.data}, SMS ${plan.sms}; add-ons: ${addOns || 'none'}`
  );
};

/** The tariff domain's MCP server: the customer's current plan and the plans on offer. */
export function createTariffMcpServer({ accounts }: DomainServerOptions = {}): McpServer {
  const server = new McpServer({ name: 'semker-tariff', version: '1.0.0' });
  server.registerTool(
    'get_current_tariff_plan',
    {
      title: 'Current tariff plan',
      description:
        'Returns the plan the customer is on now: name, pricing structure, price in EUR, validity, included ' +
        'minutes, data and SMS (with fair-use and rollover conditions) and the add-ons it offers.',
      outputSchema: CurrentPlanOutputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (extra) => {
      const found = await accountFor(extra, accounts);
      if ('error' in found) return found.error;
      const plan = planNamed(found.account.plan);
      if (!plan) return toolError('The customer’s plan is no longer in the catalogue.');
      return toolResult({ plan }, `The customer's current plan:\n${renderPlan(plan)}`);
    },
  );
  server.registerTool(
    'get_tariff_plan',
    {
      title: 'Tariff plans on offer',
      description:
        'Returns the plans on offer with a given pricing structure, one of ' +
        `${PRICING_STRUCTURES.join(', ')} (prepaid: paid in advance per validity period; postpaid: billed monthly; ` +
        'hybrid: monthly fee plus top-ups; flat_rate: unlimited under fair use; tiered: step up to higher tiers). ' +
        'Omit pricing_structure to list every plan. Each plan has its price in EUR, validity, included minutes, ' +
        'data and SMS, and its add-ons.',
      inputSchema: {
        pricing_structure: z
          .enum(PRICING_STRUCTURES)
          .optional()
          .describe(`One of ${PRICING_STRUCTURES.join(', ')}; omit for all plans`),
      },
      outputSchema: PlansOutputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ pricing_structure }) => {
      const plans = plansByStructure(pricing_structure);
      // Every structure has a plan today; the check keeps the contract if the catalogue changes.
      if (plans.length === 0) {
        return toolError(
          `No plans with pricing structure ${pricing_structure}. Structures: ${PRICING_STRUCTURES.join(', ')}.`,
        );
      }
      const heading = pricing_structure
        ? `Plans with pricing structure ${pricing_structure}:`
        : 'All plans on offer:';
      return toolResult(
        { ...(pricing_structure ? { pricing_structure } : {}), plans },
        [heading, ...plans.map(renderPlan)].join('\n'),
      );
    },
  );
  return server;
}
