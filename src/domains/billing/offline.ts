import type { z } from 'zod';
import { describeMonth, formatYearMonth, monthsAgo, type Threshold, type YearMonth } from '../slots.ts';
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
  const change = difference === 0 ? '' : ` (${percentChange(previous.total, current.total)})`;
  const lead = `Your bill for ${monthLabel(current.month)} is ${eur(current.total)} EUR, ${direction}${change}.`;
  return changes.length === 0 ? lead : `${lead} What changed:\n${changes.join('\n')}`;
}

/** A month's bill, or why there is none (the tool's own words). */
async function fetchBill(input: ComposeInput, month: YearMonth): Promise<Bill | string> {
  const result = await input.tools.callTool(TOOL, { month: formatYearMonth(month) });
  if (result.isError) return result.text;
  return readStructured(input.tools, TOOL, result, BillOutputSchema);
}

/** The amount of a bill line, 0 when the bill has no such line. */
const lineAmount = (bill: Bill, line: string): number =>
  bill.items.find((item) => item.description === line)?.amount ?? 0;

const sum = (amounts: readonly number[]): number =>
  Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100;

const PERCENT = new Intl.NumberFormat('en', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

/** "+28.6%": the change from one amount to another, relative to the first; "n/a" from nothing. */
function percentChange(from: number, to: number): string {
  return from === 0 ? 'no percentage: the earlier amount was 0.00 EUR' : PERCENT.format((to - from) / from);
}

/** Every line of the bills with its month, the largest first. */
const linesByAmount = (bills: readonly Bill[]): { bill: Bill; item: Bill['items'][number] }[] =>
  bills
    .flatMap((bill) => bill.items.map((item) => ({ bill, item })))
    .sort((a, b) => b.item.amount - a.item.amount);

/** "Yes" or "No" to a threshold question about an amount, with the figure. */
function againstThreshold(what: string, amount: number, threshold: Threshold): string {
  const holds = threshold.comparison === 'above' ? amount > threshold.amount : amount < threshold.amount;
  const relation = threshold.comparison === 'above' ? 'more' : 'less';
  return `${holds ? 'Yes' : 'No'}: ${what} was ${eur(amount)} EUR, ${holds ? '' : 'not '}${relation} than ${eur(threshold.amount)} EUR.`;
}

/**
 * Several months side by side (a comparison, a range, a total) — or one line of them ("the roaming
 * part", "Amazon Prime over the last four months"): one tool call per month, a table, and the total
 * or the change from the first month to the last.
 */
async function composeMonths(input: ComposeInput, months: readonly YearMonth[]): Promise<string> {
  const { slots, onStep } = input;
  onStep(`Fetching the bills for ${months.map(describeMonth).join(', ')}`);
  const fetched = await Promise.all(
    months.map(async (month) => ({ month, bill: await fetchBill(input, month) })),
  );
  const bills = fetched.flatMap(({ bill }) => (typeof bill === 'string' ? [] : [bill]));
  const missing = fetched
    .filter(({ bill }) => typeof bill === 'string')
    .map(({ month }) => describeMonth(month));
  const gap = missing.length > 0 ? `There is no bill for ${missing.join(', ')}.` : '';
  if (bills.length === 0) return `Sorry, I couldn't find those bills. ${gap}`;
  const line = slots.lineItem;
  const amountOf = (bill: Bill): number => (line ? lineAmount(bill, line) : bill.total);
  const what = line ? `${line} on your bill` : 'your bill';
  const table = markdownTable(
    ['Month', line ? `${line} (EUR)` : 'Total (EUR)'],
    bills.map((bill) => [monthLabel(bill.month), eur(amountOf(bill))]),
    [false, true],
  );
  const lines = [`Here is ${what} month by month, in EUR:`, '', table, ''];
  // Across every bill, a comparison sets the lowest against the highest; otherwise the first against the last.
  const byAmount = [...bills].sort((a, b) => amountOf(a) - amountOf(b));
  const [first, last] = slots.everyBill
    ? [byAmount[0]!, byAmount[byAmount.length - 1]!]
    : [bills[0]!, bills[bills.length - 1]!];
  if (slots.measure === 'threshold' && slots.threshold) {
    for (const bill of bills)
      lines.push(againstThreshold(`${what} for ${monthLabel(bill.month)}`, amountOf(bill), slots.threshold));
  } else if (slots.measure === 'largest_item') {
    const [largest] = linesByAmount(bills);
    if (largest)
      lines.unshift(
        `The largest single line ${bills.length === 1 ? 'on your bill' : `over these ${bills.length} bills`} is ${largest.item.description} on your bill for ${monthLabel(largest.bill.month)}: **${eur(largest.item.amount)} EUR**${largest.item.note ? ` (${largest.item.note})` : ''}.`,
        '',
      );
  } else if ((slots.measure === 'highest' || slots.measure === 'lowest') && bills.length >= 1) {
    const pick = slots.measure === 'highest' ? byAmount[byAmount.length - 1]! : byAmount[0]!;
    const which = slots.measure === 'highest' ? 'highest' : 'lowest';
    lines.unshift(
      line
        ? `${line} on your bill was ${which} in ${monthLabel(pick.month)}: **${eur(amountOf(pick))} EUR**.`
        : `Your ${which} bill was for ${monthLabel(pick.month)}: **${eur(amountOf(pick))} EUR**.`,
      '',
    );
  } else if (slots.measure === 'average' && bills.length >= 1) {
    const total = sum(bills.map(amountOf));
    lines.unshift(
      `On average ${what} came to **${eur(total / bills.length)} EUR** a month over ${bills.length === 1 ? 'the month' : `these ${bills.length} months`} (${eur(total)} EUR in total).`,
      '',
    );
  } else if (slots.measure === 'compare' && bills.length >= 2) {
    const difference = sum([amountOf(last), -amountOf(first)]);
    lines.push(
      difference === 0
        ? `${capitalised(what)} was the same in ${monthLabel(first.month)} and ${monthLabel(last.month)}: ${eur(amountOf(last))} EUR.`
        : `${capitalised(what)} for ${monthLabel(last.month)} was ${eur(Math.abs(difference))} EUR ${difference > 0 ? 'more' : 'less'} than for ${monthLabel(first.month)} (${eur(amountOf(last))} against ${eur(amountOf(first))} EUR, ${percentChange(amountOf(first), amountOf(last))}).`,
    );
    if (!line) {
      const changes = changedItems(first, last);
      if (changes.length > 0) lines.push('What changed:', ...changes);
    }
  } else {
    const total = sum(bills.map(amountOf));
    // Several months summed answer "on average" too: the mean is one division from the total.
    const average = bills.length > 1 ? ` (${eur(total / bills.length)} EUR a month on average)` : '';
    lines.push(
      `Total over ${bills.length === 1 ? 'the month' : `these ${bills.length} months`}: **${eur(total)} EUR**${average}.`,
    );
  }
  if (gap) lines.push(gap);
  return lines.join('\n').trim();
}

/** The most bills a total "so far" reaches back for. */
const MAX_MONTHS_BACK = 12;

/**
 * Every month with a bill, oldest first, for a total with no month named ("so far", "across all my
 * bills"): the months before this one, one tool call each, back to the first the tool has no bill for.
 */
async function billedMonths(input: ComposeInput): Promise<YearMonth[]> {
  const months: YearMonth[] = [];
  for (let back = 1; back <= MAX_MONTHS_BACK; back++) {
    const month = monthsAgo(input.now, back);
    const result = await input.tools.callTool(TOOL, { month: formatYearMonth(month) });
    if (result.isError) break;
    months.unshift(month);
  }
  return months.length > 0 ? months : [monthsAgo(input.now, 1)];
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Answers billing questions from `get_billing_data`: the month's bill as a table (default: last
 * month); when the customer asks why or how it changed, a comparison with the month before; one
 * line of it; a yes or no against an amount; and several months side by side or summed.
 */
export async function composeBillingAnswer(input: ComposeInput): Promise<string> {
  const { message, slots, now, onStep } = input;
  const asked = slots.month ?? monthsAgo(now, 1);
  if (slots.months && slots.months.length >= 2) return composeMonths(input, slots.months);
  const acrossBills = ['total', 'average', 'highest', 'lowest'] as const;
  if (
    slots.everyBill ||
    (acrossBills.some((measure) => measure === slots.measure) && slots.month === undefined)
  ) {
    return composeMonths(input, await billedMonths(input));
  }
  if ((slots.lineItem && slots.measure === 'total') || slots.measure === 'largest_item')
    return composeMonths(input, [asked]);
  const bill = await fetchBill(input, asked);
  if (typeof bill === 'string') return `Sorry, I couldn't find that bill. ${bill}`;
  if (slots.measure === 'threshold' && slots.threshold) {
    const what = slots.lineItem
      ? `the ${slots.lineItem} line of your bill for ${monthLabel(bill.month)}`
      : `your bill for ${monthLabel(bill.month)}`;
    const amount = slots.lineItem ? lineAmount(bill, slots.lineItem) : bill.total;
    return [againstThreshold(what, amount, slots.threshold), '', billTable(bill)].join('\n');
  }
  if (slots.lineItem && slots.measure !== 'compare' && !ASKS_WHY.test(message)) {
    const item = bill.items.find((entry) => entry.description === slots.lineItem);
    const lead = item
      ? `The ${item.description} line of your bill for ${monthLabel(bill.month)} is **${eur(item.amount)} EUR**${item.note ? ` (${item.note})` : ''}, of a total of ${eur(bill.total)} EUR.`
      : `Your bill for ${monthLabel(bill.month)} has no ${slots.lineItem} line; its total is ${eur(bill.total)} EUR.`;
    return [lead, '', billTable(bill)].join('\n');
  }
  const answer = [
    `Here is your bill for ${monthLabel(bill.month)}, line by line, in EUR:`,
    '',
    billTable(bill),
  ];
  if (!ASKS_WHY.test(message) && slots.measure !== 'compare') return answer.join('\n');

  const previous = previousMonth(bill.month);
  const previousLabel = monthLabel(previous);
  onStep(`Comparing with the ${previousLabel} bill`);
  const earlier = await input.tools.callTool(TOOL, { month: previous });
  const explanation = earlier.isError
    ? `There is no bill for ${previousLabel} to compare it with.`
    : explainChange(readStructured(input.tools, TOOL, earlier, BillOutputSchema), bill);
  return [...answer, '', explanation].join('\n');
}
