/**
 * What a customer reads, in their language: one i18next catalogue per language (en.ts, es.ts,
 * de.ts, fr.ts) for the answers, and one per language in service/ for the service's own texts (the
 * `service` namespace: src/core/customer-texts.ts), with amounts, percentages and months formatted by Intl for the locale. The
 * instance is built once from constant catalogues and never changed afterwards, so sharing it is
 * sharing a table, not state.
 */
import i18next, { type TFunction } from 'i18next';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { de as serviceDe } from './service/de.ts';
import { en as serviceEn } from './service/en.ts';
import { es as serviceEs } from './service/es.ts';
import { fr as serviceFr } from './service/fr.ts';

export const ANSWER_LANGUAGES = ['en', 'es', 'de', 'fr'] as const;
export type AnswerLanguage = (typeof ANSWER_LANGUAGES)[number];

/** Writes one language's texts: `t('billing.lead', { month: '2026-10' })`. */
export type Translate = TFunction;

/** True for a language the catalogues cover. */
export const isAnswerLanguage = (value: unknown): value is AnswerLanguage =>
  typeof value === 'string' && (ANSWER_LANGUAGES as readonly string[]).includes(value);

const cached = <T>(make: (language: string) => T): ((language: string) => T) => {
  const made = new Map<string, T>();
  return (language) => {
    let value = made.get(language);
    if (value === undefined) {
      value = make(language);
      made.set(language, value);
    }
    return value;
  };
};

const money = cached(
  (language) =>
    new Intl.NumberFormat(language, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
      useGrouping: false,
    }),
);
const percent = cached(
  (language) =>
    new Intl.NumberFormat(language, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    }),
);
/** A part of a whole ("55.6 %" of a bill): a percentage with no sign. */
const share = cached(
  (language) =>
    new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
);
const month = cached(
  (language) => new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
);

/** "90.00" in English, "90,00" in Spanish, German and French. */
export const formatMoney = (amount: number, language: string): string => money(language).format(amount);

/** "October 2026" for "2026-10" in English, "octubre de 2026" in Spanish; other text unchanged. */
export function formatMonth(yearMonth: string, language: string): string {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(yearMonth);
  if (!match) return yearMonth;
  return month(language).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 15)));
}

/**
 * English country name → ISO 3166 region code, for Intl.DisplayNames to name the country in another
 * language. The tools name countries in English; Intl has the names but no reverse lookup, so the
 * table is built once from every two-letter code Intl can name.
 */
const REGION_CODES: ReadonlyMap<string, string> = (() => {
  const english = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
  const codes = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters)
    for (const second of letters) {
      const code = first + second;
      const name = english.of(code);
      if (name !== undefined && !codes.has(name.toLowerCase())) codes.set(name.toLowerCase(), code);
    }
  return codes;
})();
const regions = cached((language) => new Intl.DisplayNames(language, { type: 'region', fallback: 'none' }));

/** "Spanien" for "Spain" in German; the name unchanged when Intl does not know it. */
export function formatCountry(name: string, language: string): string {
  const code = REGION_CODES.get(name.toLowerCase());
  return (code === undefined ? undefined : regions(language).of(code)) ?? name;
}

const instance = i18next.createInstance();
void instance.init({
  resources: {
    en: { translation: en, service: serviceEn },
    es: { translation: es, service: serviceEs },
    de: { translation: de, service: serviceDe },
    fr: { translation: fr, service: serviceFr },
  },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...ANSWER_LANGUAGES],
  // Synchronous: the catalogues are in memory, so a translator is ready on the next line.
  initAsync: false,
  // Answers are Markdown, never HTML: nothing to escape.
  interpolation: { escapeValue: false },
  returnNull: false,
});
instance.services.formatter?.add('money', (value: number, language) => formatMoney(value, language ?? 'en'));
instance.services.formatter?.add('percent', (value: number, language) =>
  percent(language ?? 'en').format(value),
);
instance.services.formatter?.add('share', (value: number, language) => share(language ?? 'en').format(value));
instance.services.formatter?.add('country', (value: string, language) =>
  formatCountry(value, language ?? 'en'),
);
instance.services.formatter?.add('month', (value: string, language) => formatMonth(value, language ?? 'en'));
// French "de" before a month elides before a vowel: "la facture d’octobre 2026", "de novembre 2026".
instance.services.formatter?.add('ofMonth', (value: string, language) => {
  const month = formatMonth(value, language ?? 'fr');
  return /^[aeiouyàâéèêh]/i.test(month) ? `d’${month}` : `de ${month}`;
});

/**
 * i18next's translator for one language and namespace, with the texts that take no parameters
 * (table headers, labels: most calls of a table's answer) kept once written. i18next resolves a key
 * afresh on every call, about 5 µs (docs/performance.md); the catalogues never change, so a text
 * written once is the same text every time.
 */
function fixedTranslator(language: string, namespace?: string): Translate {
  const t = instance.getFixedT(isAnswerLanguage(language) ? language : 'en', namespace);
  const call = t as unknown as (key: string | string[], ...rest: unknown[]) => string;
  const plain = new Map<string, string>();
  const translate = (key: string | string[], ...rest: unknown[]): string => {
    if (rest.length > 0 || typeof key !== 'string') return call(key, ...rest);
    let text = plain.get(key);
    if (text === undefined) {
      text = call(key);
      plain.set(key, text);
    }
    return text;
  };
  return translate as unknown as Translate;
}

/** The texts of one language (English for any other). */
export const translator = cached((language: string): Translate => fixedTranslator(language));

/** The service's own texts of one language (English for any other): the `service` namespace. */
export const serviceTranslator = cached((language: string): Translate =>
  fixedTranslator(language, 'service'),
);
