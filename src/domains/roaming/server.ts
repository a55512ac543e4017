import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { DomainServerOptions } from '../domain.ts';
import { eur, toolError, toolResult } from '../../mcp/tool-results.ts';
import { MONTH_FORMS, monthArgument, monthLabel, parseMonthInput, unreadableMonth } from '../months.ts';
import {
  COVERED_COUNTRIES,
  findCountry,
  findRoamingCharges,
  roamingMonths,
  type RoamingCharge,
} from './data.ts';

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

const coverage = (now: Date): string =>
  `Roaming rates are available for ${COVERED_COUNTRIES.join(', ')} in the last four months: ${roamingMonths(now).join(', ')}.`;

/** The roaming domain's MCP server: roaming data bundles per country and month. */
export function createRoamingMcpServer({ now = () => new Date() }: DomainServerOptions = {}): McpServer {
  const server = new McpServer({ name: 'semker-roaming', version: '1.0.0' });
  server.registerTool(
    'get_roaming_charges',
    {
      title: 'Roaming charges',
      description:
        `Returns the roaming data bundle (GB included and price in EUR) for a country in a month. Covered ` +
        `countries: ${COVERED_COUNTRIES.join(', ')}. Rates exist for the last four months before the current ` +
        'one; prices can differ between months. Omit the country to get every covered country; omit the month ' +
        `to get the most recent month. Months are ${MONTH_FORMS}. ` +
        'An uncovered country or month is an error listing what is covered.',
      inputSchema: {
        country: z
          .string()
          .min(1)
          .max(60)
          .optional()
          .describe(
            'Country name in English, case-insensitive, e.g. "Spain"; omit for all covered countries',
          ),
        month: monthArgument(
          `The month of the rates: ${MONTH_FORMS}; omit for the most recent month`,
        ).optional(),
      },
      outputSchema: RoamingOutputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ country, month }) => {
      const today = now();
      const yearMonth = month === undefined ? roamingMonths(today)[0] : parseMonthInput(month, today);
      if (yearMonth === undefined) return toolError(unreadableMonth(String(month), coverage(today)));
      const canonical = country === undefined ? undefined : findCountry(country);
      if (country !== undefined && canonical === undefined) {
        return toolError(`No roaming rates for "${country}". ${coverage(today)}`);
      }
      const charges = findRoamingCharges(today, yearMonth, canonical);
      if (!charges)
        return toolError(`No roaming rates for ${yearMonth} (${monthLabel(yearMonth)}). ${coverage(today)}`);
      return toolResult({ month: yearMonth, currency: 'EUR', charges }, render(yearMonth, charges));
    },
  );
  return server;
}
