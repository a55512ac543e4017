/**
 * Corrects misspelt words ("biil", "roamin", "tarif", "belguim") against a known vocabulary.
 *
 * Hand-written rather than minisearch's fuzzy search: minisearch measures plain Levenshtein
 * distance, where a swap of two letters — the commonest typo — costs 2, and it gives no say in how a
 * tie between candidates is broken. Optimal-string-alignment distance counts a swap as 1, and the
 * tie-break below (distance, then how often the word occurs in the training set, then alphabetical)
 * keeps the result deterministic.
 */
import { remembered } from './remembered.ts';
import { MIN_LENGTH } from './tuning.ts';

export interface TypoCorrector {
  /** The vocabulary word the token most likely meant, or the token itself when none is close enough. */
  correct(token: string): string;
  /** True when the token is a vocabulary word as written. */
  knows(token: string): boolean;
}

/** How many edits a token of this length may be away from the word it meant. */
const maxDistanceFor = (length: number): number => (length >= 6 ? 2 : 1);

/**
 * Builds a corrector towards `frequencies` (the domain vocabulary: word → how often it occurs; more
 * frequent words win ties). Words in `known` (everyday English) are taken as written, never
 * "corrected" into a domain word ("live" must not become "line").
 * Candidates are bucketed by first letter: first letters are rarely mistyped, and it keeps each
 * correction to a few dozen distance computations.
 */
export function createTypoCorrector(
  frequencies: ReadonlyMap<string, number>,
  known: ReadonlySet<string> = new Set(),
): TypoCorrector {
  const byInitial = new Map<string, string[]>();
  const sorted = [...frequencies.keys()].filter((word) => word.length >= MIN_LENGTH - 1).sort();
  for (const word of sorted) {
    const initial = word[0] ?? '';
    const bucket = byInitial.get(initial);
    if (bucket) bucket.push(word);
    else byInitial.set(initial, [word]);
  }
  // Corrections are a pure function of the token: remembered, up to a bound (customers can type
  // any number of different words), so a word costs its distance computations once.
  const closest = (token: string): string => {
    const limit = maxDistanceFor(token.length);
    let best = token;
    let bestDistance = limit + 1;
    let bestFrequency = -1;
    for (const word of byInitial.get(token[0] ?? '') ?? []) {
      if (Math.abs(word.length - token.length) > limit) continue;
      const distance = boundedOsaDistance(token, word, Math.min(limit, bestDistance));
      const frequency = frequencies.get(word) ?? 0;
      if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
        best = word;
        bestDistance = distance;
        bestFrequency = frequency;
      }
    }
    return bestDistance <= limit ? best : token;
  };
  const correctUnknown = remembered(closest);
  return {
    knows: (token) => frequencies.has(token) || known.has(token),
    correct(written) {
      const token = unstretched(written, (word) => frequencies.has(word) || known.has(word));
      if (token.length < MIN_LENGTH || frequencies.has(token) || known.has(token) || /\d/.test(token))
        return token;
      return correctUnknown(token);
    },
  };
}

/** A letter typed three times or more in a row: "sooo", "pleeease", "billl". */
const STRETCHED = /(\p{L})\1{2,}/gu;

/**
 * A word stretched for emphasis, as written once: runs of a letter cut to two ("billl" → "bill")
 * or, when that is no word `isWord` knows, to one ("sooo" → "so"). Distance alone would not do:
 * "sooo" is two edits from "so" and one from "soon".
 */
function unstretched(token: string, isWord: (word: string) => boolean): string {
  if (!/(\p{L})\1\1/u.test(token)) return token;
  const doubled = token.replace(STRETCHED, '$1$1');
  if (isWord(doubled)) return doubled;
  const single = token.replace(STRETCHED, '$1');
  return isWord(single) ? single : doubled;
}

/**
 * Optimal-string-alignment distance between `a` and `b`, or `bound + 1` as soon as it must exceed
 * `bound` (every cell of a row above the bound means no later row can come back under it).
 */
export function boundedOsaDistance(a: string, b: string, bound: number): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] ?? [];
      let value = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > bound) return bound + 1;
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? bound + 1;
}
