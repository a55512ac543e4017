import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { proposalSummary } from '../../src/actions/action.ts';
import { declineReply } from '../../src/agents/guardrails.ts';
import { DOMAIN_MODULES } from '../../src/domains/registry.ts';
import { createOfflineEngine } from '../../src/engines/offline/offline-engine.ts';
import { customerText } from '../../src/core/customer-texts.ts';
import { translator } from '../../src/core/i18n/i18n.ts';
import { de } from '../../src/core/i18n/service/de.ts';
import { en } from '../../src/core/i18n/service/en.ts';
import { es } from '../../src/core/i18n/service/es.ts';
import { fr } from '../../src/core/i18n/service/fr.ts';
import { timesNotHelped, withOffer } from '../../src/domains/hand-over.ts';
import { consentGiven } from '../../src/domains/ticket/consent.ts';
import type { Turn } from '../../src/store/conversation-store.ts';

/** Every text of a catalogue by its dotted id. */
function texts(catalogue: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value);
    else for (const [id, text] of texts(value as object, `${prefix}${key}.`)) found.set(id, text);
  }
  return found;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1]!).sort();

describe('the service catalogues', () => {
  for (const [language, catalogue] of Object.entries({ es, de, fr })) {
    test(`${language} fills the same parameters as English in every text`, () => {
      for (const [id, english] of texts(en)) {
        const translated = texts(catalogue).get(id);
        assert.ok(translated, `${language} lacks ${id}`);
        assert.deepEqual(placeholders(translated), placeholders(english), `${language} ${id}`);
      }
    });
  }

  test('a language the catalogues lack reads English', () => {
    assert.equal(customerText('decline.off_topic', {}, 'it'), customerText('decline.off_topic'));
  });
});

describe('conversation state as data', () => {
  const offer = withOffer('There are no roaming rates for Japan.', 'de');
  const answered: Turn = { role: 'assistant', content: offer.text, agent: 'RoamingAgent', ...offer };
  const englishText: Turn = {
    role: 'assistant',
    content: withOffer('There are no roaming rates for Japan.', 'en').text,
    agent: 'RoamingAgent',
  };

  test('a reply that offered a person counts as not helping, by its record, in any language', () => {
    assert.equal(timesNotHelped([{ role: 'user', content: 'Was kostet Roaming in Japan?' }, answered]), 1);
    assert.equal(timesNotHelped([englishText]), 0);
  });

  test('a yes answers the consent question the last reply recorded, whatever its wording', () => {
    assert.equal(consentGiven('ja', [answered]), 'yes');
    assert.equal(consentGiven('nein', [answered]), 'no');
    assert.equal(consentGiven('yes', [englishText]), undefined);
  });
});

describe('a proposal question', () => {
  const change = {
    kind: 'buy_roaming_pack' as const,
    details: { country: 'Spain', data_gb: 5, price: 9.99, validity: '30 days' },
  };

  test('is in English as the tools write it', () => {
    assert.equal(
      proposalSummary(change),
      'Buy a roaming pack for Spain: 5 GB of data for 9.99 EUR, valid 30 days from today? (yes/no)',
    );
  });

  test("is in the customer's language, with its amounts, validity and country", () => {
    assert.equal(
      proposalSummary(change, 'de'),
      'Ein Roaming-Paket für Spanien kaufen: 5 GB Daten für 9,99 EUR, gültig 30 Tage ab heute? (ja/nein)',
    );
  });
});

describe("what the service does, from the domains' capability lines", () => {
  for (const language of ['en', 'es', 'de', 'fr'] as const) {
    test(`${language}: the greeting and the declines name every domain's line, in the registry's order`, async () => {
      const greeting = await createOfflineEngine().route({
        message: hello[language],
        history: [],
        agents: [],
        now: new Date(),
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(greeting.kind, 'reply');
      for (const text of [
        greeting.kind === 'reply' ? greeting.reply : '',
        declineReply('off_topic', language),
        declineReply('refused', language),
      ]) {
        const at = DOMAIN_MODULES.map((module) => text.indexOf(module.capability[language]));
        assert.ok(
          at.every((index) => index >= 0),
          `${text} lacks a domain's line`,
        );
        assert.deepEqual(
          [...at].sort((a, b) => a - b),
          at,
          `${text}: not in the registry's order`,
        );
      }
    });
  }
});

const hello = { en: 'Hello', es: 'Hola, buenos días', de: 'Hallo, guten Tag', fr: 'Bonjour' };

describe('French months', () => {
  test('"de" before a month is elided before a vowel', () => {
    const t = translator('fr');
    assert.match(t('billing.lead', { month: '2026-10' }), /votre facture d’octobre 2026,/);
    assert.match(t('billing.lead', { month: '2026-08' }), /votre facture d’août 2026,/);
    assert.match(t('billing.lead', { month: '2026-11' }), /votre facture de novembre 2026,/);
  });
});
