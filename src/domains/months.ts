import { z } from 'zod';
import { describeMonth, formatYearMonth, MONTH_NAMES, monthsAgo } from './slots.ts';

/** 1–12 for an English month name or its three-letter abbreviation ("Oct", "october"), else undefined. */
function monthNumber(name: string): number | undefined {
  const wanted = name.toLowerCase();
  const index = MONTH_NAMES.findIndex(
    (m) => m.toLowerCase() === wanted || m.slice(0, 3).toLowerCase() === wanted,
  );
  return index < 0 ? undefined : index + 1;
}

/** The most recent month named `month` (1–12) strictly before the month `now` falls in. */
function lastPast(now: Date, month: number): string {
  for (let offset = 1; offset <= 12; offset += 1) {
    const candidate = monthsAgo(now, offset);
    if (candidate.month === month) return formatYearMonth(candidate);
  }
  // Unreachable: twelve consecutive months contain every month name once.
  throw new Error(`No past occurrence of month ${month}`);
}

/**
 * Reads a month as tools accept it: "YYYY-MM", "last month", an English month name with an
 * optional year ("October", "Oct 2026"), or a month number 1–12 (11 or "11"). A bare name or number
 * means its most recent past occurrence, so "December" or 12 asked in January is last December.
 * Returns "YYYY-MM", or undefined when unreadable.
 */
export function parseMonthInput(input: MonthInput, now: Date): string | undefined {
  const text = String(input).trim().toLowerCase();
  const numbered = /^(\d{1,2})$/.exec(text);
  if (numbered) {
    const month = Number(numbered[1]);
    return month >= 1 && month <= 12 ? lastPast(now, month) : undefined;
  }
  if (text === 'last month' || text === 'previous month') return formatYearMonth(monthsAgo(now, 1));
  const iso = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (iso) {
    const month = Number(iso[2]);
    return month >= 1 && month <= 12 ? formatYearMonth({ year: Number(iso[1]), month }) : undefined;
  }
  const named = /^([a-z]+)\.?(?:,?\s+(\d{4}))?$/.exec(text);
  const month = named?.[1] === undefined ? undefined : monthNumber(named[1]);
  if (!named || month === undefined) return undefined;
  return named[2] === undefined ? lastPast(now, month) : formatYearMonth({ year: Number(named[2]), month });
}

/** "October 2026" for "2026-10"; the input unchanged when it is not "YYYY-MM". */
export function monthLabel(yearMonth: string): string {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(yearMonth);
  return match ? describeMonth({ year: Number(match[1]), month: Number(match[2]) }) : yearMonth;
}

/** A month as a tool receives it: text ("2026-11", "November") or a month number (11). */
export type MonthInput = string | number;

/**
 * The `month` argument of every tool that takes one: "YYYY-MM", an English month name, or a month
 * number 1–12 as a number or a string (MCP Inspector sends `month=11` as the number 11). A union, so
 * the inputSchema shows a model and an inspector both forms.
 */
export const monthArgument = (description: string) =>
  z
    .union([
      z.string().trim().min(1).max(40),
      z.number().int().min(1).max(12).describe('A month number 1–12: its most recent past occurrence'),
    ])
    .describe(description);

/** The description every month argument shares, after what the tool does without one. */
export const MONTH_FORMS =
  '"YYYY-MM" (e.g. "2026-09"), an English month name ("September"), or a month number 1–12 (9 or "9"); ' +
  'a name or number means its most recent past occurrence';

/** What a tool answers when it cannot read its month argument, with what it does cover. */
export const unreadableMonth = (input: MonthInput, coverage: string): string =>
  `"${input}" is not a month: use the format YYYY-MM, a month name or a month number 1–12. ${coverage}`;
