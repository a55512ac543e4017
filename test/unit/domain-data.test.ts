import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { readDataFile } from '../../src/domains/data-file.ts';
import { readDomainLanguage } from '../../src/domains/domain-language.ts';
import { DOMAIN_MODULES } from '../../src/domains/registry.ts';

const folder = mkdtempSync(join(tmpdir(), 'semker-domain-data-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** A file of `text` in the test's folder, as the URL a domain module names its data file by. */
function file(name: string, text: string): { url: URL; path: string } {
  const path = join(folder, name);
  writeFileSync(path, text);
  return { url: pathToFileURL(path), path };
}

/** The message readDataFile's error has for `url`; fails the test when the file is accepted. */
function failureOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('the file was accepted');
}

describe('domain data files', () => {
  test('a file that is not JSON is refused with its path', () => {
    const { url, path } = file('broken.json', '{ "en": { "examples": [ "a", } }');
    const message = failureOf(() => readDataFile(url, z.unknown()));
    assert.match(message, /^Cannot read the data file /);
    assert.ok(message.includes(path), message);
  });

  test('a missing file is refused with its path', () => {
    const path = join(folder, 'absent.json');
    const message = failureOf(() => readDataFile(pathToFileURL(path), z.unknown()));
    assert.ok(message.includes(path), message);
  });

  test('a language file of the wrong shape is refused with its path and the faulty field', () => {
    const { url, path } = file(
      'language.json',
      JSON.stringify({ en: { examples: ['my bill'], cues: { bill: 2 } } }),
    );
    const message = failureOf(() => readDomainLanguage(url));
    assert.ok(message.includes(`The data file ${path} is malformed`), message);
    assert.match(message, /en\.cues\.bill/);
  });

  /** A capability line in every answer language, for the files of these tests. */
  const capability = { en: 'your bills', es: 'sus facturas', de: 'Ihren Rechnungen', fr: 'vos factures' };

  test('a capability line missing a language, or holding a comma, is refused', () => {
    const { es: _es, ...noSpanish } = capability;
    const missing = file(
      'no-spanish.json',
      JSON.stringify({ capability: noSpanish, en: { examples: ['a'], cues: {} } }),
    );
    assert.match(
      failureOf(() => readDomainLanguage(missing.url)),
      /capability\.es/,
    );
    const comma = file(
      'comma.json',
      JSON.stringify({
        capability: { ...capability, en: 'bills, charges' },
        en: { examples: ['a'], cues: {} },
      }),
    );
    assert.match(
      failureOf(() => readDomainLanguage(comma.url)),
      /one phrase without commas/,
    );
  });

  test('a cue of two words, a language the service does not answer in, and no English are refused', () => {
    const twoWords = file(
      'two-words.json',
      JSON.stringify({ capability, en: { examples: ['a'], cues: { 'flat rate': 1 } } }),
    );
    assert.match(
      failureOf(() => readDomainLanguage(twoWords.url)),
      /"flat rate" is not one word in lower case/,
    );
    const italian = file(
      'italian.json',
      JSON.stringify({ capability, en: { examples: ['a'], cues: {} }, it: {} }),
    );
    assert.match(
      failureOf(() => readDomainLanguage(italian.url)),
      /it/,
    );
    const spanishOnly = file(
      'spanish.json',
      JSON.stringify({ capability, es: { examples: ['mi factura'], cues: {} } }),
    );
    assert.match(
      failureOf(() => readDomainLanguage(spanishOnly.url)),
      /English phrasings \("en"\) are required/,
    );
  });

  test("a domain learns every language's examples and cues, English first, and its glossaries", () => {
    const { url } = file(
      'languages.json',
      JSON.stringify({
        capability,
        fr: { examples: ['ma facture'], cues: { facture: 0.9 } },
        es: { glossary: { factura: 'bill', 'darme de baja': 'cancel' } },
        en: { examples: ['my bill', 'my invoice'], cues: { bill: 1, invoice: 0.8 } },
      }),
    );
    assert.deepEqual(readDomainLanguage(url), {
      examples: ['my bill', 'my invoice', 'ma facture'],
      cues: { bill: 1, invoice: 0.8, facture: 0.9 },
      capability,
      glossary: { es: { factura: 'bill', 'darme de baja': 'cancel' }, de: {}, fr: {} },
    });
  });

  test('a glossary entry with accents, capitals or punctuation is refused', () => {
    const { url } = file(
      'glossary.json',
      JSON.stringify({
        capability,
        en: { examples: ['my bill'], cues: { bill: 1 } },
        es: { glossary: { Factura: 'bill', 'dar-de-baja': 'cancel' } },
      }),
    );
    assert.throws(() => readDomainLanguage(url), /"Factura" is not lower-case words[\s\S]*"dar-de-baja"/);
  });

  test("every registered domain's language file gives it examples and cue words", () => {
    for (const domain of DOMAIN_MODULES) {
      assert.ok(domain.understanding.examples.length > 0, `${domain.name} has no examples`);
      assert.ok(Object.keys(domain.understanding.cues).length > 0, `${domain.name} has no cue words`);
    }
  });
});
