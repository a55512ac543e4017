import type { z } from 'zod';
import { formatYearMonth, monthsAgo } from '../slots.ts';
import { eur } from '../../mcp/tool-results.ts';
import { markdownTable, readStructured, type ComposeInput } from '../compose.ts';
import { monthLabel } from '../months.ts';
import { BillOutputSchema } from './server.ts';

type Bill = z.infer<typeof BillOutputSchema>;

const TOOL = 'get_billing_data';

/** Words that ask for an explanation of the amount rather than just the bill. */
const ASKS_WHY =
  /\b(why|high|higher|more|increase[ds]?|expensive|went up|jump(ed)?|differ(ence|ent)?|compare[ds]?|chang(e|ed|es))\b/i;

/** "2026-09" for "2026-10": the month before a "YYYY-MM", correct across year ends. */
function previousMonth(yearMonth: string): string {
  const [year, month] = yearMonth.split('-').map(Number);
  return formatYearMonth(monthsAgo(new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, 15)), 1));
}

const billTable = (bill: Bill): string =>
  markdownTable(
    ['Item', 'Amount (EUR)', 'Note'],
    [
      ...bill.items.map((item) => [item.description, eur(item.amount), item.note ?? '']),
      ['**Total**', `**${eur(bill.total)}**`, ''],
    ],
    [false, true, false],
  );

/** One line per item whose amount changed between the two bills, with the notes that explain it. */
function changedItems(previous: Bill, current: Bill): string[] {
  const names = [...new Set([...previous.items, ...current.items].map((item) => item.description))];
  return names.flatMap((name) => {
    const before = previous.items.find((item) => item.description === name);
    const after = current.items.find((item) => item.description === name);
    if (before?.amount === after?.amount) return [];
    const from = before ? eur(before.amount) : 'not billed';
    const to = after ? eur(after.amount) : 'not billed';
    const notes = [
      after?.note ? `${monthLabel(current.month)}: ${after.note}` : undefined,
      before?.note ? `${monthLabel(previous.month)}: ${before.note}` : undefined,
    ].filter((note) => note !== undefined);
    return [`- ${name}: ${from} → ${to} EUR${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`];
  });
}

/** Compares the bill with the previous month's, naming the items that changed. */
function explainChange(previous: Bill, current: Bill): string {
  const difference = Math.round((current.total - previous.total) * 100) / 100;
  const direction =
    difference === 0
      ? `the same as in ${monthLabel(previous.month)}`
      : `${eur(Math.abs(difference))} EUR ${difference > 0 ? 'more' : 'less'} than in ${monthLabel(previous.month)} (${eur(previous.total)} EUR)`;
  const changes = changedItems(previous, current);
  const lead = `Your bill for ${monthLabel(current.month)} is ${eur(current.total)} EUR, ${direction}.`;
  return changes.length === 0 ? lead : `${lead} What changed:\n${changes.join('\n')}`;
}

/**
 * Answers billing questions from `get_billing_data`: the month's bill as a table (default: last
 * month) and, when the customer asks why or how it changed, a comparison with the month before.
 */
export async function composeBillingAnswer({
  message,
  slots,
  tools,
  now,
  onStep,
}: ComposeInput): Promise<string> {
  const month = formatYearMonth(slots.month ?? monthsAgo(now, 1));
  const result = await tools.callTool(TOOL, { month });
  if (result.isError) return `Sorry, I couldn't find that bill. ${result.text}`;
  const bill = readStructured(tools, TOOL, result, BillOutputSchema);
  const answer = [
    `Here is your bill for ${monthLabel(bill.month)}, line by line, in EUR:`,
    '',
    billTable(bill),
  ];
  if (!ASKS_WHY.test(message)) return answer.join('\n');

  const previousLabel = monthLabel(previousMonth(bill.month));
  onStep(`Comparing with the ${previousLabel} bill`);
  const earlier = await tools.callTool(TOOL, { month: previousMonth(bill.month) });
  const explanation = earlier.isError
    ? `There is no bill for ${previousLabel} to compare it with.`
    : explainChange(readStructured(tools, TOOL, earlier, BillOutputSchema), bill);
  return [...answer, '', explanation].join('\n');
}
