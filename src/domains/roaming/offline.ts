import { formatYearMonth } from '../slots.ts';
import { eur } from '../../mcp/tool-results.ts';
import { markdownTable, readStructured, type ComposeInput } from '../compose.ts';
import { monthLabel } from '../months.ts';
import { RoamingOutputSchema } from './server.ts';

const TOOL = 'get_roaming_charges';

/**
 * Answers roaming questions from `get_roaming_charges`: the bundle for the customer's country (or
 * every covered country) in the month asked for (default: the most recent month).
 */
export async function composeRoamingAnswer({ slots, tools }: ComposeInput): Promise<string> {
  const args: Record<string, string> = {};
  if (slots.country) args['country'] = slots.country;
  if (slots.month) args['month'] = formatYearMonth(slots.month);
  const result = await tools.callTool(TOOL, args);
  if (result.isError) return `Sorry. ${result.text}`;
  const { month, charges } = readStructured(tools, TOOL, result, RoamingOutputSchema);
  const subject =
    slots.country && charges.length === 1 ? `in ${charges[0]?.country}` : 'in every country we cover';
  const table = markdownTable(
    ['Country', 'Data included', 'Price (EUR)'],
    charges.map((c) => [c.country, `${c.data_gb} GB`, eur(c.price)]),
    [false, true, true],
  );
  return [`These are the roaming data bundles ${subject} for ${monthLabel(month)}:`, '', table].join('\n');
}
