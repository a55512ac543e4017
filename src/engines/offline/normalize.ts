/**
 * Text normalisation for the offline engine. Hand-written because it is a few regular expressions
 * tuned to this domain (keep "2026-10" and "10/2026" intact for the month parser, join "pre-paid"
 * and "e-sim"), which no tokenizer package knows.
 */

/** Printable ASCII and whitespace only: nothing for Unicode normalisation or accent stripping to do. */
const PLAIN_ASCII = /^[\t\n\r\x20-\x7e]*$/;

/** NFKC, lower case, accents dropped, curly quotes and dashes made plain: the form every later step reads. */
export function normalizeText(text: string): string {
  // Most messages are plain ASCII, where NFKC, NFD and the mark, quote and dash replacements
  // change nothing but the backtick: the short path gives the same string for a fraction of the work.
  if (PLAIN_ASCII.test(text)) return text.toLowerCase().replace(/`/g, "'").replace(/\s+/g, ' ').trim();
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
const PHRASES: Readonly<Record<string, string>> = {
  'pre paid': 'prepaid',
  'post paid': 'postpaid',
  'pay as you go': 'payasyougo',
  'e sim': 'esim',
  'flat rate': 'flatrate',
  'top up': 'topup',
  'add on': 'addon',
  'add ons': 'addon',
  'sim card': 'sim',
  'wi fi': 'wifi',
  're set': 'reset',
  quid: 'euro',
  bucks: 'euro',
};
/** All of PHRASES in one pass; no replacement creates another phrase, so one pass is enough. */
const PHRASE_PATTERN =
  /\b(?:pre paid|post paid|pay as you go|e sim|flat rate|top up|add ons?|sim card|wi fi|re set|quid|bucks)\b/g;

/**
 * Splits normalised text into word tokens: apostrophes vanish ("what's" → "whats"), hyphens
 * between letters join ("pre-paid" → "prepaid"), every other non-alphanumeric is a separator.
 */
export function tokenize(normalized: string): string[] {
  // For ASCII text the Unicode letter and digit classes are exactly [a-zA-Z] and [0-9].
  // "% change" asks for a percentage: the sign is the only word for it.
  const percent = normalized.replace(/%/g, ' percent ');
  const text = (
    PLAIN_ASCII.test(percent)
      ? percent
          .replace(/'/g, '')
          .replace(/([a-zA-Z])-(?=[a-zA-Z])/g, '$1')
          .replace(/[^a-zA-Z0-9]+/g, ' ')
      : percent
          .replace(/'/g, '')
          .replace(/(\p{L})-(?=\p{L})/gu, '$1')
          .replace(/[^\p{L}\p{N}]+/gu, ' ')
  )
    .trim()
    .replace(PHRASE_PATTERN, (phrase) => PHRASES[phrase] ?? phrase);
  return text.length === 0 ? [] : text.split(' ');
}
