import type { z } from 'zod';
import { formatYearMonth, type YearMonth } from '../slots.ts';
import { formatCountry, formatMoney, formatMonth } from '../../core/i18n/i18n.ts';
import { markdownTable, readStructured, type ComposeInput } from '../compose.ts';
import type { RoamingCharge } from './data.ts';
import { RoamingOutputSchema } from './server.ts';
import { ProposalOutputSchema } from '../../actions/action.ts';
import { asksHowMuch, asksToAcquire } from '../change-request.ts';

const TOOL = 'get_roaming_charges';

type Charges = z.infer<typeof RoamingOutputSchema>;

async function fetchCharges(
  { tools }: ComposeInput,
  country: string | undefined,
  month: YearMonth | undefined,
): Promise<Charges | string> {
  const args: Record<string, string> = {};
  if (country) args['country'] = country;
  if (month) args['month'] = formatYearMonth(month);
  const result = await tools.callTool(TOOL, args);
  if (result.isError) return result.text;
  return readStructured(tools, TOOL, result, RoamingOutputSchema);
}

const perGb = (charge: RoamingCharge): number => charge.price / charge.data_gb;

/** How many of a country's bundles cover a data need, and what they cost together. */
function packsFor(charge: RoamingCharge, needGb: number): { packs: number; cost: number } {
  // A need of exactly a bundle's size is one bundle, whatever floating point makes of the division.
  const packs = Math.max(1, Math.ceil(needGb / charge.data_gb - 1e-9));
  return { packs, cost: Math.round(packs * charge.price * 100) / 100 };
}

/** "For 6 GB in Spain: 2 bundles of 3 GB at 5.99 EUR each, 11.98 EUR." */
function packsLine({ t, language }: ComposeInput, charge: RoamingCharge, needGb: number): string {
  const { packs, cost } = packsFor(charge, needGb);
  return t('roaming.packs', {
    count: packs,
    need: needGb.toLocaleString(language),
    country: charge.country,
    gb: charge.data_gb.toLocaleString(language),
    price: charge.price,
    cost,
  });
}

/** Several countries (one call each), side by side, with the cheapest bundle and per-GB price named. */
async function compareCountries(input: ComposeInput, countries: readonly string[]): Promise<string> {
  input.onStep(`Comparing roaming in ${countries.join(', ')}`);
  const answers = await Promise.all(
    countries.map((country) => fetchCharges(input, country, input.slots.month)),
  );
  const found = answers.flatMap((answer) =>
    typeof answer === 'string' ? [] : answer.charges.map((c) => ({ month: answer.month, charge: c })),
  );
  const notes = answers.filter((answer) => typeof answer === 'string');
  const { t, language } = input;
  if (found.length === 0) return t('roaming.sorry', { reason: notes.join(' ') });
  const table = markdownTable(
    [t('roaming.table.country'), t('roaming.table.data'), t('roaming.table.price'), t('roaming.table.perGb')],
    found.map(({ charge }) => [
      formatCountry(charge.country, language),
      t('roaming.gb', { count: charge.data_gb }),
      formatMoney(charge.price, language),
      formatMoney(perGb(charge), language),
    ]),
    [false, true, true, true],
  );
  const lines = [t('roaming.sideBySide', { month: found[0]!.month }), '', table];
  if (found.length >= 2) {
    const cheapest = [...found].sort((a, b) => a.charge.price - b.charge.price)[0]!.charge;
    const perGbCheapest = [...found].sort((a, b) => perGb(a.charge) - perGb(b.charge))[0]!.charge;
    lines.push(
      '',
      t('roaming.cheapest', { country: cheapest.country, price: cheapest.price, gb: cheapest.data_gb }),
    );
    if (perGbCheapest.country !== cheapest.country) {
      lines.push(t('roaming.cheaperPerGb', { country: perGbCheapest.country, price: perGb(perGbCheapest) }));
    }
  }
  const need = input.slots.dataNeedGb;
  if (need !== undefined && found.length >= 1) {
    lines.push('', ...found.map(({ charge }) => packsLine(input, charge, need)));
    if (found.length >= 2) {
      const together = found.reduce((total, { charge }) => total + packsFor(charge, need).cost, 0);
      lines.push(t('roaming.together', { cost: together }));
    }
  }
  for (const note of notes) lines.push('', note);
  return lines.join('\n');
}

/** One country over several months (one call each): how its price moved. */
async function compareMonths(
  input: ComposeInput,
  country: string,
  months: readonly YearMonth[],
): Promise<string> {
  input.onStep(`Comparing roaming in ${country} over ${months.length} months`);
  const answers = await Promise.all(months.map((month) => fetchCharges(input, country, month)));
  const found = answers.flatMap((answer) =>
    typeof answer === 'string' ? [] : answer.charges.map((c) => ({ month: answer.month, charge: c })),
  );
  const { t, language } = input;
  if (found.length === 0)
    return t('roaming.sorry', { reason: answers.filter((a) => typeof a === 'string').join(' ') });
  const table = markdownTable(
    [t('roaming.table.month'), t('roaming.table.data'), t('roaming.table.price')],
    found.map(({ month, charge }) => [
      formatMonth(month, language),
      t('roaming.gb', { count: charge.data_gb }),
      formatMoney(charge.price, language),
    ]),
    [false, true, true],
  );
  const first = found[0]!;
  const last = found[found.length - 1]!;
  const change =
    first.charge.price === last.charge.price
      ? t('roaming.stayed', { price: last.charge.price })
      : t(last.charge.price > first.charge.price ? 'roaming.wentUp' : 'roaming.wentDown', {
          difference: Math.abs(last.charge.price - first.charge.price),
          change: (last.charge.price - first.charge.price) / first.charge.price,
          from: first.charge.price,
          to: last.charge.price,
          first: first.month,
          last: last.month,
        });
  return [t('roaming.monthByMonth', { country }), '', table, '', change].join('\n');
}

/**
 * A request to buy a roaming pack, answered with a proposal (or the tool's explanation of why the
 * country has none); undefined when the message asks to buy nothing, or asks how many packs a need
 * takes and what they cost.
 */
async function proposePack(input: ComposeInput): Promise<string | undefined> {
  const { message } = input;
  if (!asksToAcquire(message) || asksHowMuch(message) || !PACK_WORDS.test(message.toLowerCase())) {
    return undefined;
  }
  const country = input.slots.country;
  if (!country) return 'For which country would you like a roaming pack?';
  input.onStep(`The customer asks to buy a roaming pack for ${country}: proposing it`);
  const result = await input.tools.callTool(PROPOSE, { country });
  if (result.isError) return `I can't propose that: ${result.text}`;
  const { proposal } = readStructured(input.tools, PROPOSE, result, ProposalOutputSchema);
  return `Here is the pack; nothing is bought until you say yes.\n\n${proposal.summary}`;
}

const PROPOSE = 'propose_roaming_pack';

/** What a pack is called: "pack", "bundle", "paquete", "bono", "Paket", "forfait"… and data itself. */
const PACK_WORDS =
  /\b(roamingpaket|datenpaket|pack|package|bundle|data|paquete|bono|datos|paket|daten|forfait|donnees|données|recharge)/;

/**
 * Answers roaming questions from `get_roaming_charges`: a pack the customer asks to buy (a
 * proposal), the bundle for the customer's country (or every covered country) in the month asked
 * for (default: the most recent month); several countries side by side with the cheapest named; one
 * country over several months; the packs a stated data need takes.
 */
export async function composeRoamingAnswer(input: ComposeInput): Promise<string> {
  const pack = await proposePack(input);
  if (pack !== undefined) return pack;
  const { slots } = input;
  if (slots.countries && slots.countries.length >= 2) return compareCountries(input, slots.countries);
  if (slots.country && slots.months && slots.months.length >= 2)
    return compareMonths(input, slots.country, slots.months);
  const { t, language } = input;
  const answer = await fetchCharges(input, slots.country, slots.month);
  if (typeof answer === 'string') return t('roaming.sorry', { reason: answer });
  const { month, charges } = answer;
  const one = slots.country && charges.length === 1 ? charges[0] : undefined;
  const table = markdownTable(
    [t('roaming.table.country'), t('roaming.table.data'), t('roaming.table.price')],
    charges.map((c) => [
      formatCountry(c.country, language),
      t('roaming.gb', { count: c.data_gb }),
      formatMoney(c.price, language),
    ]),
    [false, true, true],
  );
  const lead = t('roaming.lead', { context: one ? undefined : 'every', country: one?.country, month });
  const lines = [lead, '', table];
  const need = slots.dataNeedGb;
  if (need !== undefined && one) lines.unshift(packsLine(input, one, need), '');
  return lines.join('\n');
}
