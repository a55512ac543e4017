import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { eld } from 'eld/small';
import { deriveLanguageTable, LANGUAGE_TABLE } from '../../scripts/language-table.ts';
import { detector, LANGUAGES } from '../../src/engines/offline/languages.ts';

/** Every text of the blind batches and the routing corpus: their customer messages, with their labels and notes. */
function customerTexts(): string[] {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  const blind = new URL('../../features/data/blind/', import.meta.url);
  for (const file of readdirSync(blind)) collect(JSON.parse(readFileSync(new URL(file, blind), 'utf8')));
  collect(
    JSON.parse(readFileSync(new URL('../../features/data/routing-corpus.json', import.meta.url), 'utf8')),
  );
  return texts;
}

test('the language table is the installed eld database restricted to the four languages', async () => {
  assert.ok(
    readFileSync(LANGUAGE_TABLE, 'utf8') === (await deriveLanguageTable()),
    'eld-ngrams.json differs from what the installed eld gives: run `npm run build:language-table`',
  );
});

test('detection over the table is the whole database restricted to the four languages', () => {
  eld.setLanguageSubset([...LANGUAGES]);
  const texts = [...customerTexts(), '', 'ok', 'agent', '12345', '¿Qué?', 'Grüß Gott', 'ça va', '東京'];
  assert.ok(texts.length > 1000, `only ${texts.length} texts`);
  for (const text of texts) {
    const whole = eld.detect(text);
    const subset = detector.detect(text);
    assert.deepEqual(
      [subset.language, subset.getScores(), subset.isReliable()],
      [whole.language, whole.getScores(), whole.isReliable()],
      text,
    );
  }
});
