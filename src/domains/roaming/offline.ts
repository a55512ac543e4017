import type { z } from 'zod';
import { formatYearMonth, type YearMonth } from '../slots.ts';
import { eur } from '../../mcp/tool-results.ts';
import { markdownTable, readStructured, type ComposeInput } from '../compose.ts';
import { monthLabel } from '../months.ts';
import type { RoamingCharge } from './data.ts';
import { RoamingOutputSchema } from './server.ts';
import { ProposalOutputSchema } from '../../actions/action.ts';
import { asksToAcquire } from '../change-request.ts';

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
  if (found.length === 0) return `Sorry. ${notes.join(' ')}`;
  const table = markdownTable(
    ['Country', 'Data included', 'Price (EUR)', 'Per GB (EUR)'],
    found.map(({ charge }) => [
      charge.country,
      `${charge.data_gb} GB`,
      eur(charge.price),
      eur(perGb(charge)),
    ]),
    [false, true, true, true],
  );
  const lines = [`Roaming data bundles for ${monthLabel(found[0]!.month)}, side by side:`, '', table];
  if (found.length >= 2) {
    const cheapest = [...found].sort((a, b) => a.charge.price - b.charge.price)[0]!.charge;
    const perGbCheapest = [...found].sort((a, b) => perGb(a.charge) - perGb(b.charge))[0]!.charge;
    lines.push(
      '',
      `The cheapest bundle is ${cheapest.country}'s at ${eur(cheapest.price)} EUR for ${cheapest.data_gb} GB.`,
    );
    if (perGbCheapest.country !== cheapest.country) {
      lines.push(`Per GB, ${perGbCheapest.country} is cheaper (${eur(perGb(perGbCheapest))} EUR per GB).`);
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
  if (found.length === 0) return `Sorry. ${answers.filter((a) => typeof a === 'string').join(' ')}`;
  const table = markdownTable(
    ['Month', 'Data included', 'Price (EUR)'],
    found.map(({ month, charge }) => [monthLabel(month), `${charge.data_gb} GB`, eur(charge.price)]),
    [false, true, true],
  );
  const first = found[0]!;
  const last = found[found.length - 1]!;
  const change =
    first.charge.price === last.charge.price
      ? `The price stayed at ${eur(last.charge.price)} EUR.`
      : `The price went ${last.charge.price > first.charge.price ? 'up' : 'down'} by ${eur(Math.abs(last.charge.price - first.charge.price))} EUR, from ${eur(first.charge.price)} EUR in ${monthLabel(first.month)} to ${eur(last.charge.price)} EUR in ${monthLabel(last.month)}.`;
  return [`Roaming in ${country}, month by month:`, '', table, '', change].join('\n');
}

/**
 * Answers roaming questions from `get_roaming_charges`: the bundle for the customer's country (or
 * every covered country) in the month asked for (default: the most recent month); several
 * countries side by side with the cheapest named; one country over several months.
 */
/**
 * A request to buy a roaming pack, answered with a proposal (or the tool's explanation of why the
 * country has none); undefined when the message asks to buy nothing.
 */
async function proposePack(input: ComposeInput): Promise<string | undefined> {
  if (!asksToAcquire(input.message) || !PACK_WORDS.test(input.message.toLowerCase())) return undefined;
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
  /\b(pack|package|bundle|data|paquete|bono|datos|paket|daten|forfait|donnees|données|recharge)/;

export async function composeRoamingAnswer(input: ComposeInput): Promise<string> {
  const pack = await proposePack(input);
  if (pack !== undefined) return pack;
  const { slots } = input;
  if (slots.countries && slots.countries.length >= 2) return compareCountries(input, slots.countries);
  if (slots.country && slots.months && slots.months.length >= 2)
    return compareMonths(input, slots.country, slots.months);
  const answer = await fetchCharges(input, slots.country, slots.month);
  if (typeof answer === 'string') return `Sorry. ${answer}`;
  const { month, charges } = answer;
  const subject =
    slots.country && charges.length === 1 ? `in ${charges[0]?.country}` : 'in every country we cover';
  const table = markdownTable(
    ['Country', 'Data included', 'Price (EUR)'],
    charges.map((c) => [c.country, `${c.data_gb} GB`, eur(c.price)]),
    [false, true, true],
  );
  return [`These are the roaming data bundles ${subject} for ${monthLabel(month)}:`, '', table].join('\n');
}
