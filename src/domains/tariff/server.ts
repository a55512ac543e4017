import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { PRICING_STRUCTURES } from '../slots.ts';
import type { DomainServerOptions } from '../domain.ts';
import { eur, toolError, toolResult } from '../../mcp/tool-results.ts';
import { planNamed, plansByStructure, type TariffPlan } from './data.ts';
import { accountFor, withAccount } from '../../mcp/customer-context.ts';
import { createToolServer, defineTool, READ_ONLY } from '../../mcp/tool-server.ts';
import { ProposalOutputSchema } from '../../actions/action.ts';
import { PROPOSAL_NOTE, proposed } from '../proposal-tools.ts';
import { TARIFF_PLANS } from './data.ts';

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

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
export const CurrentPlanOutputSchema = z.object({
  plan: planOutput,
  active_add_ons: z.array(z.string()).describe('The add-ons of the plan the customer has taken'),
});

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

/** The answer when the customer's plan is not in the catalogue any more. */
const planWithdrawn = () => toolError('The customer’s plan is no longer in the catalogue.');

/** The tariff domain's MCP server: the customer's current plan and the plans on offer. */
export function createTariffMcpServer({ accounts }: DomainServerOptions = {}): McpServer {
  const getCurrentTariffPlan = defineTool({
    name: 'get_current_tariff_plan',
    title: 'Current tariff plan',
    description:
      'Returns the plan the customer is on now: name, pricing structure, price in EUR, validity, included ' +
      'minutes, data and SMS (with fair-use and rollover conditions) and the add-ons it offers.',
    outputSchema: CurrentPlanOutputSchema,
    annotations: READ_ONLY,
    handler: async (extra) => {
      const found = await accountFor(extra, accounts);
      if ('error' in found) return found.error;
      const plan = planNamed(found.account.plan);
      if (!plan) return planWithdrawn();
      const taken = found.account.addons;
      return toolResult(
        { plan, active_add_ons: taken },
        `The customer's current plan:\n${renderPlan(plan)}\nAdd-ons taken: ${taken.join(', ') || 'none'}`,
      );
    },
  });
  const proposePlanChange = defineTool({
    name: 'propose_plan_change',
    title: 'Propose a plan change',
    description:
      'Proposes switching the customer to another plan of the catalogue, from today: says exactly what changes ' +
      `and what it costs. ${PROPOSAL_NOTE} The plan the customer already has, or a plan not on offer, is an error that explains why.`,
    inputSchema: {
      plan: z.string().min(1).max(100).describe('The name of the plan to switch to, e.g. "HybridSaver 5G+"'),
    },
    outputSchema: ProposalOutputSchema,
    annotations: READ_ONLY,
    handler: withAccount(accounts, async ({ plan }, account) => {
      const target = TARIFF_PLANS.find((candidate) => sameName(candidate.name, plan));
      if (!target) {
        return toolError(
          `There is no plan called "${plan}". Plans on offer: ${TARIFF_PLANS.map((p) => p.name).join(', ')}.`,
        );
      }
      if (target.name === account.plan)
        return toolError(`The customer is on ${target.name} already: there is nothing to change.`);
      const current = planNamed(account.plan);
      if (!current) return planWithdrawn();
      return proposed({
        kind: 'change_plan',
        details: {
          from_plan: current.name,
          from_price: current.price,
          from_validity: current.validity,
          to_plan: target.name,
          to_price: target.price,
          to_validity: target.validity,
          ending_addons: account.addons,
        },
      });
    }),
  });
  const proposeAddon = defineTool({
    name: 'propose_addon',
    title: 'Propose an add-on',
    description:
      "Proposes adding one of the add-ons of the customer's current plan, from today: says exactly what it costs. " +
      `${PROPOSAL_NOTE} An add-on of another plan, one the customer has already, or an unknown one is an error that explains why.`,
    inputSchema: {
      addon: z.string().min(1).max(100).describe('The name of the add-on, e.g. "Data Booster 5GB"'),
    },
    outputSchema: ProposalOutputSchema,
    annotations: READ_ONLY,
    handler: withAccount(accounts, async ({ addon }, account) => {
      const current = planNamed(account.plan);
      if (!current) return planWithdrawn();
      const offered = current.add_ons.map((a) => a.name).join(', ') || 'none';
      const own = current.add_ons.find((a) => sameName(a.name, addon));
      if (!own) {
        const elsewhere = TARIFF_PLANS.find((p) => p.add_ons.some((a) => sameName(a.name, addon)));
        return toolError(
          elsewhere
            ? `${elsewhere.add_ons.find((a) => sameName(a.name, addon))!.name} is an add-on of ${elsewhere.name}, not of the customer's plan ${current.name}, so it cannot be added. ${current.name}'s add-ons: ${offered}.`
            : `There is no add-on called "${addon}". ${current.name}'s add-ons: ${offered}.`,
        );
      }
      if (account.addons.includes(own.name)) return toolError(`The customer has ${own.name} already.`);
      return proposed({
        kind: 'add_addon',
        details: {
          plan: current.name,
          addon: own.name,
          price: own.price,
          ...(own.validity ? { validity: own.validity } : {}),
        },
      });
    }),
  });
  const getTariffPlan = defineTool({
    name: 'get_tariff_plan',
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
    annotations: READ_ONLY,
    handler: ({ pricing_structure }) => {
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
  });
  return createToolServer('tariff', [getCurrentTariffPlan, proposePlanChange, proposeAddon, getTariffPlan]);
}
