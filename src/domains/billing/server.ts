import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { DomainServerOptions } from '../domain.ts';
import { eur, toolError, toolResult } from '../../mcp/tool-results.ts';
import { MONTH_FORMS, monthArgument, monthLabel, parseMonthInput, unreadableMonth } from '../months.ts';
import { billedMonths, findBill, type Bill } from './data.ts';
import type { CustomerAccount } from '../../store/accounts.ts';
import { withAccount } from '../../mcp/customer-context.ts';
import { createToolServer, defineTool, READ_ONLY, type Tool } from '../../mcp/tool-server.ts';

const lineItem = z.object({
  description: z.string().describe('What the line is for, e.g. "Roaming"'),
  amount: z.number().describe('Amount in EUR'),
  note: z.string().optional().describe('Why the amount is what it is, e.g. "Spain, 21 GB of data"'),
});

/** structuredContent of `get_billing_data`. */
export const BillOutputSchema = z.object({
  month: z.string().describe('The billed month, "YYYY-MM"'),
  currency: z.literal('EUR'),
  items: z.array(lineItem).describe('Line items of the bill'),
  total: z.number().describe('Sum of the line items in EUR'),
});

const renderBill = (bill: Bill): string =>
  [
    `Bill for ${bill.month} (${monthLabel(bill.month)}), amounts in EUR:`,
    ...bill.items.map(
      (item) => `- ${item.description}: ${eur(item.amount)}${item.note ? ` (${item.note})` : ''}`,
    ),
    `Total: ${eur(bill.total)}`,
  ].join('\n');

const covered = (now: Date, account: CustomerAccount): string =>
  `Bills are available for the last four months: ${billedMonths(now, account).join(', ')}.`;

/** `get_billing_data`: the customer's bill for one month, the months counted back from `now`. */
const getBillingData = ({ now = () => new Date(), accounts }: DomainServerOptions): Tool =>
  defineTool({
    name: 'get_billing_data',
    title: 'Monthly bill',
    description:
      "Returns the customer's bill for one month: each line item (base charge, roaming, third-party " +
      'services such as Amazon Prime and Spotify) with its amount in EUR and a note explaining it, and the ' +
      `total. Bills exist for the last four months before the current one. Pass the month as ${MONTH_FORMS}. ` +
      'For any other month the result is an error that lists the months with bills.',
    inputSchema: {
      month: monthArgument(`The billed month: ${MONTH_FORMS}`),
    },
    outputSchema: BillOutputSchema,
    annotations: READ_ONLY,
    handler: withAccount(accounts, async ({ month }, account) => {
      const today = now();
      const yearMonth = parseMonthInput(month, today);
      if (yearMonth === undefined) {
        return toolError(unreadableMonth(month, covered(today, account)));
      }
      const bill = findBill(today, yearMonth, account);
      if (!bill)
        return toolError(
          `No billing data for ${yearMonth} (${monthLabel(yearMonth)}). ${covered(today, account)}`,
        );
      return toolResult({ ...bill }, renderBill(bill));
    }),
  });

/** The billing domain's MCP server: the customer's monthly bills. */
export function createBillingMcpServer(options: DomainServerOptions = {}): McpServer {
  return createToolServer('billing', [getBillingData(options)]);
}
