/**
 * Text normalisation for the offline engine. Hand-written because it is a few regular expressions
 * tuned to this domain (keep "2026-10" and "10/2026" intact for the month parser, join "pre-paid"
 * and "e-sim"), which no tokenizer package knows.
 */

/** NFKC, lower case, accents dropped, curly quotes and dashes made plain: the form every later step reads. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u201b`´]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Multi-word spellings folded into one token, so "pre paid" and "prepaid" are the same word. */
const PHRASES: readonly [RegExp, string][] = [
  [/\bpre paid\b/g, 'prepaid'],
  [/\bpost paid\b/g, 'postpaid'],
  [/\bpay as you go\b/g, 'payasyougo'],
  [/\be sim\b/g, 'esim'],
  [/\bflat rate\b/g, 'flatrate'],
  [/\btop up\b/g, 'topup'],
  [/\badd ons?\b/g, 'addon'],
  [/\bsim card\b/g, 'sim'],
  [/\bwi fi\b/g, 'wifi'],
  [/\bre set\b/g, 'reset'],
];

/**
 * Splits normalised text into word tokens: apostrophes vanish ("what's" → "whats"), hyphens
 * between letters join ("pre-paid" → "prepaid"), every other non-alphanumeric is a separator.
 */
export function tokenize(normalized: string): string[] {
  let text = normalized
    .replace(/'/g, '')
    .replace(/(\p{L})-(?=\p{L})/gu, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  return text.length === 0 ? [] : text.split(' ');
}
