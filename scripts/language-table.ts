/**
 * Writes the offline engine's language table, src/engines/offline/eld-ngrams.json: the n-grams of
 * eld's 'small' database (60 languages, Apache-2.0, by Nito T.M.) restricted to the four languages
 * the service answers in. It is what eld's own `saveSubset` makes, which only runs in a browser.
 * Run it after upgrading eld (a unit test fails while the table differs from the installed eld's):
 *
 *   npm run build:language-table
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ANSWER_LANGUAGES } from '../src/core/i18n/i18n.ts';

export const LANGUAGE_TABLE = new URL('../src/engines/offline/eld-ngrams.json', import.meta.url);

interface NgramsData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

/**
 * The table as JSON. Languages keep eld's relative order (numbered 0–3 instead of eld's ids), so
 * ties break as with the whole database; a subset's scores are the whole database's, filtered.
 */
export async function deriveLanguageTable(): Promise<string> {
  // eld's databases are modules inside its package, which exports none of them by path.
  const small = new URL('../ngrams/small.js', import.meta.resolve('eld'));
  const { ngramsData } = (await import(small.href)) as { ngramsData: NgramsData };
  const kept = Object.entries(ngramsData.languages)
    .filter(([, code]) => (ANSWER_LANGUAGES as readonly string[]).includes(code))
    .sort(([a], [b]) => Number(a) - Number(b));
  const renumber = new Map(kept.map(([id], index) => [id, String(index)]));
  const ngrams: NgramsData['ngrams'] = {};
  for (const [ngram, scores] of Object.entries(ngramsData.ngrams)) {
    const subset = Object.entries(scores).flatMap(([id, score]) => {
      const index = renumber.get(id);
      return index === undefined ? [] : [[index, score] as const];
    });
    if (subset.length > 0) ngrams[ngram] = Object.fromEntries(subset);
  }
  const table: NgramsData = {
    type: ngramsData.type,
    languages: Object.fromEntries(kept.map(([, code], index) => [String(index), code])),
    ngrams,
  };
  return `${JSON.stringify(table)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(LANGUAGE_TABLE, await deriveLanguageTable());
}
