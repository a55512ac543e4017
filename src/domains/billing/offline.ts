import type { z } from 'zod';
import { formatYearMonth, monthsAgo, type Threshold, type YearMonth } from '../slots.ts';
import { formatMoney, formatMonth } from '../../core/i18n/i18n.ts';
import { markdownTable, readStructured, type ComposeInput } from '../compose.ts';
import { BillOutputSchema } from './server.ts';

type Bill = z.infer<typeof BillOutputSchema>;

const TOOL = 'get_billing_data';

/** Words that ask for an explanation of the amount rather than just the bill. */
const ASKS_WHY =
  /\b(why|high|higher|more|increase[ds]?|expensive|went up|jump(ed)?|differ(ence|ent)?|compare[ds]?|chang(e|ed|es))\b/i;

/** Asking what part of a bill a line is, in the four languages: "what percentage of my bill was roaming". */
const ASKS_SHARE =
  /%|\b(percent|percentage|per cent|share|proportion|porcentaje|por ciento|prozent|anteil|pourcentage|pour cent|quelle part)\b/i;

/** "2026-09" for "2026-10": the month before a "YYYY-MM", correct across year ends. */
function previousMonth(yearMonth: string): string {
  const [year, month] = yearMonth.split('-').map(Number);
  return formatYearMonth(monthsAgo(new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, 15)), 1));
}

const billTable = ({ t, language }: ComposeInput, bill: Bill): string =>
  markdownTable(
    [t('billing.table.item'), t('billing.table.amount'), t('billing.table.note')],
    [
      ...bill.items.map((item) => [item.description, formatMoney(item.amount, language), item.note ?? '']),
      [`**${t('billing.table.total')}**`, `**${formatMoney(bill.total, language)}**`, ''],
    ],
    [false, true, false],
  );

/** One line per item whose amount changed between the two bills, with the notes that explain it. */
function changedItems({ t, language }: ComposeInput, previous: Bill, current: Bill): string[] {
  const names = [...new Set([...previous.items, ...current.items].map((item) => item.description))];
  return names.flatMap((name) => {
    const before = previous.items.find((item) => item.description === name);
    const after = current.items.find((item) => item.description === name);
    if (before?.amount === after?.amount) return [];
    const from = before ? formatMoney(before.amount, language) : t('billing.notBilled');
    const to = after ? formatMoney(after.amount, language) : t('billing.notBilled');
    const notes = [
      after?.note ? `${formatMonth(current.month, language)}: ${after.note}` : undefined,
      before?.note ? `${formatMonth(previous.month, language)}: ${before.note}` : undefined,
    ].filter((note) => note !== undefined);
    return [
      `${t('billing.changedItem', { name, from, to })}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
    ];
  });
}

/** The change from one amount to another as a ratio of the first (undefined from nothing). */
const ratio = (from: number, to: number): number | undefined => (from === 0 ? undefined : (to - from) / from);

/** Compares the bill with the previous month's, naming the items that changed. */
function explainChange(input: ComposeInput, previous: Bill, current: Bill): string {
  const difference = Math.round((current.total - previous.total) * 100) / 100;
  const lead = input.t(
    difference === 0 ? 'billing.change.same' : difference > 0 ? 'billing.change.more' : 'billing.change.less',
    {
      month: current.month,
      total: current.total,
      previous: previous.month,
      previousTotal: previous.total,
      difference: Math.abs(difference),
      change: ratio(previous.total, current.total) ?? 0,
    },
  );
  const changes = changedItems(input, previous, current);
  return changes.length === 0 ? lead : `${lead} ${input.t('billing.whatChanged')}\n${changes.join('\n')}`;
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

/** Every line of the bills with its month, the largest first. */
const linesByAmount = (bills: readonly Bill[]): { bill: Bill; item: Bill['items'][number] }[] =>
  bills
    .flatMap((bill) => bill.items.map((item) => ({ bill, item })))
    .sort((a, b) => b.item.amount - a.item.amount);

/** "Yes" or "No" to a threshold question about a month's bill (or one line of it), with the figure. */
function againstThreshold(
  { t }: ComposeInput,
  month: string,
  amount: number,
  threshold: Threshold,
  line: string | undefined,
): string {
  const holds = threshold.comparison === 'above' ? amount > threshold.amount : amount < threshold.amount;
  return t(`billing.threshold.${threshold.comparison}_${holds ? 'yes' : 'no'}`, {
    context: line === undefined ? undefined : 'line',
    line,
    month,
    amount,
    limit: threshold.amount,
  });
}

/** The `_line` variant of a text when the question is about one bill line. */
const lineContext = (line: string | undefined): { context?: string; line?: string } =>
  line === undefined ? {} : { context: 'line', line };

/**
 * Several months side by side (a comparison, a range, a total, an average, the highest or lowest,
 * the largest line) — or one line of them ("the roaming part", "Amazon Prime over the last four
 * months"): one tool call per month, a table, and the figure asked for, computed from the bills.
 */
async function composeMonths(input: ComposeInput, months: readonly YearMonth[]): Promise<string> {
  const { slots, onStep, t, language } = input;
  onStep(
    `Fetching the bills for ${months.map((month) => formatMonth(formatYearMonth(month), 'en')).join(', ')}`,
  );
  const fetched = await Promise.all(
    months.map(async (month) => ({ month, bill: await fetchBill(input, month) })),
  );
  const bills = fetched.flatMap(({ bill }) => (typeof bill === 'string' ? [] : [bill]));
  const missing = fetched
    .filter(({ bill }) => typeof bill === 'string')
    .map(({ month }) => formatMonth(formatYearMonth(month), language));
  const gap = missing.length > 0 ? t('billing.gap', { months: missing.join(', ') }) : '';
  if (bills.length === 0) return t('billing.noBills', { gap });
  const line = slots.lineItem;
  const amountOf = (bill: Bill): number => (line ? lineAmount(bill, line) : bill.total);
  const table = markdownTable(
    [t('billing.table.month'), line ? t('billing.table.line', { line }) : t('billing.table.totalAmount')],
    bills.map((bill) => [formatMonth(bill.month, language), formatMoney(amountOf(bill), language)]),
    [false, true],
  );
  const lines = [t('billing.months.lead', lineContext(line)), '', table, ''];
  // Across every bill, a comparison sets the lowest against the highest; otherwise the first against the last.
  const byAmount = [...bills].sort((a, b) => amountOf(a) - amountOf(b));
  const [first, last] = slots.everyBill
    ? [byAmount[0]!, byAmount[byAmount.length - 1]!]
    : [bills[0]!, bills[bills.length - 1]!];
  const total = sum(bills.map(amountOf));
  if (slots.measure === 'threshold' && slots.threshold) {
    for (const bill of bills)
      lines.push(againstThreshold(input, bill.month, amountOf(bill), slots.threshold, line));
  } else if (slots.measure === 'largest_item') {
    const [largest] = linesByAmount(bills);
    if (largest)
      lines.unshift(
        t('billing.months.largest', {
          count: bills.length,
          line: largest.item.description,
          month: largest.bill.month,
          amount: largest.item.amount,
          note: largest.item.note ? ` (${largest.item.note})` : '',
        }),
        '',
      );
  } else if (slots.measure === 'highest' || slots.measure === 'lowest') {
    const pick = slots.measure === 'highest' ? byAmount[byAmount.length - 1]! : byAmount[0]!;
    lines.unshift(
      t(`billing.months.${slots.measure}`, {
        ...lineContext(line),
        month: pick.month,
        amount: amountOf(pick),
      }),
      '',
    );
  } else if (slots.measure === 'average') {
    lines.unshift(
      t('billing.months.average', {
        ...lineContext(line),
        count: bills.length,
        average: total / bills.length,
        total,
      }),
      '',
    );
  } else if (slots.measure === 'compare' && bills.length >= 2) {
    const difference = sum([amountOf(last), -amountOf(first)]);
    lines.push(
      t(
        difference === 0
          ? 'billing.months.same'
          : difference > 0
            ? 'billing.months.more'
            : 'billing.months.less',
        {
          ...lineContext(line),
          first: first.month,
          last: last.month,
          amount: amountOf(last),
          difference: Math.abs(difference),
          lastAmount: amountOf(last),
          firstAmount: amountOf(first),
          change: ratio(amountOf(first), amountOf(last)) ?? 0,
        },
      ),
    );
    if (!line) {
      const changes = changedItems(input, first, last);
      if (changes.length > 0) lines.push(t('billing.whatChanged'), ...changes);
    }
  } else {
    // Several months summed answer "on average" too: the mean is one division from the total.
    lines.push(t('billing.months.total', { count: bills.length, total, average: total / bills.length }));
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

/** Measures that read every bill when no month is named ("my average bill", "my highest bill"). */
const ACROSS_BILLS: readonly string[] = ['total', 'average', 'highest', 'lowest'];

/**
 * Answers billing questions from `get_billing_data`, in the customer's language: the month's bill
 * as a table (default: last month); when the customer asks why or how it changed, a comparison with
 * the month before; one line of it; a yes or no against an amount; and several months side by
 * side, summed, averaged or ranked.
 */
export async function composeBillingAnswer(input: ComposeInput): Promise<string> {
  const { message, slots, now, onStep, t } = input;
  const asked = slots.month ?? monthsAgo(now, 1);
  if (slots.months && slots.months.length >= 2) return composeMonths(input, slots.months);
  if (slots.everyBill || (ACROSS_BILLS.includes(slots.measure ?? '') && slots.month === undefined)) {
    return composeMonths(input, await billedMonths(input));
  }
  if ((slots.lineItem && slots.measure === 'total') || slots.measure === 'largest_item')
    return composeMonths(input, [asked]);
  const bill = await fetchBill(input, asked);
  if (typeof bill === 'string') return t('billing.noBill', { reason: bill });
  if (slots.measure === 'threshold' && slots.threshold) {
    const amount = slots.lineItem ? lineAmount(bill, slots.lineItem) : bill.total;
    return [
      againstThreshold(input, bill.month, amount, slots.threshold, slots.lineItem),
      '',
      billTable(input, bill),
    ].join('\n');
  }
  const line = slots.lineItem && bill.items.find((entry) => entry.description === slots.lineItem);
  if (line && bill.total > 0 && ASKS_SHARE.test(message)) {
    onStep(`Working out the ${line.description} share of the ${formatMonth(bill.month, 'en')} bill`);
    return [
      t('billing.line.share', {
        line: line.description,
        month: bill.month,
        share: line.amount / bill.total,
        amount: line.amount,
        total: bill.total,
      }),
      '',
      billTable(input, bill),
    ].join('\n');
  }
  if (slots.lineItem && slots.measure !== 'compare' && !ASKS_WHY.test(message)) {
    const item = bill.items.find((entry) => entry.description === slots.lineItem);
    const lead = item
      ? t('billing.line.found', {
          line: item.description,
          month: bill.month,
          amount: item.amount,
          note: item.note ? ` (${item.note})` : '',
          total: bill.total,
        })
      : t('billing.line.missing', { line: slots.lineItem, month: bill.month, total: bill.total });
    return [lead, '', billTable(input, bill)].join('\n');
  }
  const answer = [t('billing.lead', { month: bill.month }), '', billTable(input, bill)];
  if (!ASKS_WHY.test(message) && slots.measure !== 'compare') return answer.join('\n');

  const previous = previousMonth(bill.month);
  onStep(`Comparing with the ${formatMonth(previous, 'en')} bill`);
  const earlier = await input.tools.callTool(TOOL, { month: previous });
  const explanation = earlier.isError
    ? t('billing.nothingToCompare', { month: previous })
    : explainChange(input, readStructured(input.tools, TOOL, earlier, BillOutputSchema), bill);
  return [...answer, '', explanation].join('\n');
}
