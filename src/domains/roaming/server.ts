import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { DomainServerOptions } from '../domain.ts';
import { eur, toolError, toolResult } from '../../mcp/tool-results.ts';
import { MONTH_FORMS, monthArgument, monthLabel, parseMonthInput, unreadableMonth } from '../months.ts';
import {
  coveredCountries,
  findCountry,
  findRoamingCharges,
  roamingMonths,
  type RoamingCharge,
} from './data.ts';
import type { CustomerAccount } from '../../store/accounts.ts';
import { withAccount } from '../../mcp/customer-context.ts';
import { createToolServer, defineTool, READ_ONLY, type Tool } from '../../mcp/tool-server.ts';
import { ProposalOutputSchema, ROAMING_PACK_VALIDITY } from '../../actions/action.ts';
import { PROPOSAL_NOTE, proposed } from '../proposal-tools.ts';

const chargeOutput = z.object({
  country: z.string(),
  data_gb: z.number().describe('Data included in the roaming bundle, in GB'),
  price: z.number().describe('Price of the bundle in EUR'),
});

/** structuredContent of `get_roaming_charges`. */
export const RoamingOutputSchema = z.object({
  month: z.string().describe('The month of the rates, "YYYY-MM"'),
  currency: z.literal('EUR'),
  charges: z.array(chargeOutput),
});

const render = (month: string, charges: readonly RoamingCharge[]): string =>
  [
    `Roaming charges for ${month} (${monthLabel(month)}), prices in EUR:`,
    ...charges.map((c) => `- ${c.country}: ${c.data_gb} GB for ${eur(c.price)}`),
  ].join('\n');

const coverage = (now: Date, account: CustomerAccount): string =>
  `Roaming rates are available for ${coveredCountries(account).join(', ')} in the last four months: ${roamingMonths(now).join(', ')}.`;

/** `get_roaming_charges`: the customer's roaming rates, the months counted back from `now`. */
const getRoamingCharges = ({ now = () => new Date(), accounts }: DomainServerOptions): Tool =>
  defineTool({
    name: 'get_roaming_charges',
    title: 'Roaming charges',
    description:
      `Returns the customer's roaming data bundle (GB included and price in EUR) for a country in a month. ` +
      'Each customer has rates for the countries of their account. Rates exist for the last four months before the current ' +
      'one; prices can differ between months. Omit the country to get every covered country; omit the month ' +
      `to get the most recent month. Months are ${MONTH_FORMS}. ` +
      'An uncovered country or month is an error listing what is covered.',
    inputSchema: {
      country: z
        .string()
        .min(1)
        .max(60)
        .optional()
        .describe('Country name in English, case-insensitive, e.g. "Spain"; omit for all covered countries'),
      month: monthArgument(
        `The month of the rates: ${MONTH_FORMS}; omit for the most recent month`,
      ).optional(),
    },
    outputSchema: RoamingOutputSchema,
    annotations: READ_ONLY,
    handler: withAccount(accounts, async ({ country, month }, account) => {
      const today = now();
      const yearMonth = month === undefined ? roamingMonths(today)[0] : parseMonthInput(month, today);
      if (yearMonth === undefined) return toolError(unreadableMonth(String(month), coverage(today, account)));
      const canonical = country === undefined ? undefined : findCountry(country, account);
      if (country !== undefined && canonical === undefined) {
        return toolError(`No roaming rates for "${country}". ${coverage(today, account)}`);
      }
      const charges = findRoamingCharges(today, yearMonth, account, canonical);
      if (!charges)
        return toolError(
          `No roaming rates for ${yearMonth} (${monthLabel(yearMonth)}). ${coverage(today, account)}`,
        );
      return toolResult({ month: yearMonth, currency: 'EUR', charges }, render(yearMonth, charges));
    }),
  });

/** `propose_roaming_pack`: a pack for one of the customer's covered countries, as a proposal. */
const proposeRoamingPack = ({ accounts }: DomainServerOptions): Tool =>
  defineTool({
    name: 'propose_roaming_pack',
    title: 'Propose a roaming pack',
    description:
      "Proposes buying a roaming data pack for one of the customer's covered countries, at the most recent month's " +
      `rate: says exactly what it includes and costs. ${PROPOSAL_NOTE} An uncovered country is an error listing the covered ones.`,
    inputSchema: {
      country: z.string().min(1).max(60).describe('Country name in English, e.g. "Spain"'),
    },
    outputSchema: ProposalOutputSchema,
    annotations: READ_ONLY,
    handler: withAccount(accounts, async ({ country }, account) => {
      const canonical = findCountry(country, account);
      const line = account.roaming.find((candidate) => candidate.country === canonical);
      if (!canonical || !line) {
        return toolError(
          `No roaming pack for "${country}": packs are sold for the covered countries, ${coveredCountries(account).join(', ')}.`,
        );
      }
      return proposed({
        kind: 'buy_roaming_pack',
        details: {
          country: canonical,
          data_gb: line.dataGb,
          price: line.prices[0]!,
          validity: ROAMING_PACK_VALIDITY,
        },
      });
    }),
  });

/** The roaming domain's MCP server: roaming data bundles per country and month. */
export function createRoamingMcpServer(options: DomainServerOptions = {}): McpServer {
  return createToolServer('roaming', [getRoamingCharges(options), proposeRoamingPack(options)]);
}
