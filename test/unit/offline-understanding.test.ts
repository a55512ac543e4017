import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerLanguage, glossToEnglish } from '../../src/engines/offline/languages.ts';
import { CORRECTION_PATTERN, PHRASE_CUES } from '../../src/engines/offline/lexicon.ts';
import { normalizeText, tokenize } from '../../src/engines/offline/normalize.ts';
import { extractRequest } from '../../src/engines/offline/request-extractor.ts';
import {
  COUNTRY_PLACEHOLDER,
  extractSlots,
  MONTH_PLACEHOLDER,
} from '../../src/engines/offline/slot-extractor.ts';
import { createIntentClassifier } from '../../src/engines/offline/intent-classifier.ts';
import { createUnderstander } from '../../src/engines/offline/understand.ts';
import type { Turn } from '../../src/store/conversation-store.ts';

const now = new Date(Date.UTC(2026, 11, 15, 10));
const understander = createUnderstander();

/** A conversation in which `agent` answered `question`. */
const after = (question: string, agent: string): Turn[] =>
  [
    { role: 'user', content: question },
    { role: 'assistant', content: 'answer', agent },
  ] as Turn[];

const gloss = (text: string, language: 'es' | 'de' | 'fr'): string =>
  glossToEnglish(tokenize(normalizeText(text)), language).join(' ');

const phrasesIn = (text: string): string[] =>
  PHRASE_CUES.filter(({ pattern }) => pattern.test(text)).map(({ label }) => label);

describe('language stage: the language an answer is written in', () => {
  const spanish = after('¿Cuánto cuesta el roaming en Bélgica?', 'RoamingAgent');

  test("a message long enough to tell is answered in its own language, whatever the conversation's", () => {
    assert.equal(answerLanguage('Und was kostet es in Frankreich?', spanish), 'de');
  });

  test("a message too short to tell takes the conversation's: the recorded language first", () => {
    assert.equal(answerLanguage('¿y Francia?', spanish), 'es');
    const recorded: Turn[] = [{ role: 'user', content: 'ok', language: 'fr' }];
    assert.equal(answerLanguage('belgique?', recorded), 'fr');
    assert.equal(answerLanguage('danke', []), 'de', "with no conversation, the message's own");
  });
});

describe('slot stage: months and countries, masked for the classifier', () => {
  const slotsOf = (text: string) => {
    const normalized = normalizeText(text);
    return extractSlots(normalized, tokenize(normalized), now);
  };

  test('a city is its country, a month name its latest occurrence, and both are masked', () => {
    const { slots, masked } = slotsOf('How much is roaming in Barcelona in October?');
    assert.equal(slots.country, 'Spain');
    assert.deepEqual(slots.month, { year: 2026, month: 10 });
    assert.equal(masked.join(' '), `how much is roaming in ${COUNTRY_PLACEHOLDER} in ${MONTH_PLACEHOLDER}`);
  });

  test('a range of months lists each month, and several countries are kept in order', () => {
    assert.deepEqual(slotsOf('my bill from september to november').slots.months, [
      { year: 2026, month: 9 },
      { year: 2026, month: 10 },
      { year: 2026, month: 11 },
    ]);
    assert.deepEqual(slotsOf('data in the usa and canada').slots.countries, ['United States', 'Canada']);
  });

  test('a month far back, in a message about what is ahead, is the coming one', () => {
    assert.deepEqual(slotsOf('going to spain in january, how much is data').slots.month, {
      year: 2027,
      month: 1,
    });
    assert.deepEqual(slotsOf('what was my bill in january').slots.month, { year: 2026, month: 1 });
    assert.deepEqual(slotsOf('going to spain, what did it cost in october').slots.month, {
      year: 2026,
      month: 10,
    });
  });

  test('unlimited ruled out is a limited allowance, not the flat rate', () => {
    const { slots } = slotsOf('whats the most data i can get without going fully unlimited');
    assert.equal(slots.planType, undefined);
    assert.equal(slots.measure, 'most_data');
    assert.equal(slots.constraints?.finiteData, true);
    assert.equal(slotsOf('show me the unlimited plans').slots.planType, 'flat_rate');
  });
});

describe('vote stage: the nearest training utterances share the vote', () => {
  const classifier = createIntentClassifier([
    { terms: ['bill', 'high'], intent: 'billing' },
    { terms: ['bill', 'pay'], intent: 'billing' },
    { terms: ['roam', 'spain'], intent: 'roaming' },
    { terms: ['plan', 'cheap'], intent: 'tariff' },
  ]);

  test('the intent of the utterances that share the terms takes the vote', () => {
    const vote = classifier.vote(['bill', 'why']);
    assert.equal(vote.shares.get('billing'), 1);
    assert.ok(vote.topScore > 0);
  });

  test('terms no utterance has give no vote and a top score of zero', () => {
    const vote = classifier.vote(['pizza']);
    assert.equal(vote.topScore, 0);
    assert.ok([...vote.shares.values()].every((share) => share === 0));
  });
});

describe('glossary stage: Spanish, German and French read as English', () => {
  test('a correction reads as "i meant" in every language', () => {
    assert.match(gloss('perdón, quería decir septiembre', 'es'), /sorry i meant september/);
    assert.match(gloss('nein, ich meinte september', 'de'), /no i meant september/);
    assert.match(gloss('non je voulais dire septembre', 'fr'), /no i meant september/);
  });

  test('a word the glossary does not list is read as the listed word with its stem', () => {
    assert.match(gloss('cuanto me cobrasteis en noviembre', 'es'), /how much me charged in november/);
    assert.match(gloss('ça me coûterait combien', 'fr'), /cost how much/);
  });

  test('a German compound is read as its two listed parts', () => {
    assert.match(gloss('meine Novemberrechnung', 'de'), /my november bill/);
    assert.match(gloss('die Kündigungsfrist', 'de'), /the notice period/);
  });

  test('a German compound of three listed words is read as its parts', () => {
    assert.match(gloss('das Rumänien-Roamingpaket', 'de'), /the romania roaming pack/);
  });

  test('"the last N months" is read in each word order', () => {
    assert.match(gloss('les quatre derniers mois', 'fr'), /the last four months/);
    assert.match(gloss('los tres ultimos meses', 'es'), /the last three months/);
    assert.match(gloss('in den letzten vier Monaten', 'de'), /the last four months/);
  });

  test('"the month before" in Spanish, German and French moves from the month discussed', () => {
    assert.match(gloss('y el mes anterior?', 'es'), /the month before/);
    assert.match(gloss('und der monat davor?', 'de'), /the month before/);
    assert.match(gloss('et le mois d avant ?', 'fr'), /the month before/);
  });
});

describe('phrase stage: what a message is about, whatever else it names', () => {
  test('a correction is recognised, with or without a leading "sorry" or "no"', () => {
    for (const text of ['sorry i meant september', 'no i meant belgium', 'wait no november', 'i mean august'])
      assert.ok(CORRECTION_PATTERN.test(text), text);
    assert.ok(!CORRECTION_PATTERN.test('how much was my bill in september'));
  });

  test('contract policy is found beside a plan or a country', () => {
    for (const text of [
      'whats the minimum contract length',
      'can i downgrade my plan to a cheaper one',
      'do incoming calls cost me anything in spain',
      'is there a penalty if i cancel early',
    ])
      assert.ok(phrasesIn(text).includes('what the contract allows'), text);
    assert.ok(
      !phrasesIn('is there a 5g prepaid plan dont want to be tied into anything').includes(
        'what the contract allows',
      ),
    );
  });
});

describe('request stage: measures and ranges', () => {
  const named = {
    months: [
      { year: 2026, month: 9 },
      { year: 2026, month: 11 },
    ],
    countries: [],
  };

  test('an average from one month to another covers the months between', () => {
    const request = extractRequest('average of my bills of september to november', named, now);
    assert.equal(request.measure, 'average');
    assert.equal(request.months?.length, 3);
  });

  test('"I mean" is no average', () => {
    assert.equal(
      extractRequest('i mean the roaming part', { months: [], countries: [] }, now).measure,
      undefined,
    );
  });
});

describe('decision stage: follow-ups and several parts', () => {
  test('a correction keeps the topic and replaces the month', () => {
    const [reading] = understander.understandParts(
      'sorry, I meant September',
      after('how much was my october bill', 'BillingAgent'),
      now,
    );
    assert.equal(reading?.intent, 'billing');
    assert.deepEqual(reading?.slots.month, { year: 2026, month: 9 });
  });

  test('a correction keeps what was asked: an average stays an average over the corrected months', () => {
    const understanding = understander.understand(
      'no, sorry, from september to november',
      after('what was the average of my bills from august to october', 'BillingAgent'),
      now,
    );
    assert.equal(understanding.intent, 'billing');
    assert.equal(understanding.slots.measure, 'average');
    assert.equal(understanding.slots.months?.length, 3);
  });

  test('a bare "no" is no follow-up', () => {
    const [reading] = understander.understandParts(
      'no',
      after('how much was my october bill', 'BillingAgent'),
      now,
    );
    assert.notEqual(reading?.intent, 'billing');
  });

  test('the parts lead when no part reads as the whole message did', () => {
    const parts = understander.understandParts(
      'Was hat meine Rechnung im Oktober ausgemacht und was kostet das Roaming-Paket fuer Belgien?',
      [],
      now,
    );
    assert.deepEqual(
      parts.map((part) => part.intent),
      ['billing', 'roaming'],
    );
  });

  test('a divided clause drops its opening connective and is no follow-up', () => {
    const parts = understander.understandParts('which plan am i on?? also what did october come to', [], now);
    assert.deepEqual(
      parts.map((part) => [part.intent, part.text]),
      [
        ['tariff', 'which plan am i on??'],
        ['billing', 'what did october come to'],
      ],
    );
  });

  test('a clause that asks nothing of ours is read with the next one', () => {
    const parts = understander.understandParts(
      'ich fahre nach Brüssel, was kostet dort das Datenpaket? und meine Rechnung vom Oktober',
      [],
      now,
    );
    assert.deepEqual(
      parts.map((part) => part.intent),
      ['roaming', 'billing'],
    );
    assert.equal(parts[0]?.slots.country, 'Belgium');
  });

  test('a short clause leaning on the one before with a slot of its domain joins its part', () => {
    const [roaming] = understander.understandParts(
      'how much was roaming in romania in september, how much in october, and how do i turn roaming on?',
      [],
      now,
    );
    assert.equal(roaming?.intent, 'roaming');
    assert.equal(roaming?.slots.months?.length, 2);
  });

  test('a part that points at "back then" takes the month another part named', () => {
    const [bill, roaming] = understander.understandParts(
      'my bill in september, and what did roaming in romania cost back then?',
      [],
      now,
    );
    assert.deepEqual(bill?.slots.month, { year: 2026, month: 9 });
    assert.deepEqual(roaming?.slots.month, { year: 2026, month: 9 });
  });

  test('a message divides at numbered items, commas and "+", keeping parts that name a topic', () => {
    const intents = (message: string): string[] =>
      understander.understandParts(message, [], now).map((part) => part.intent);
    assert.deepEqual(
      intents('two questions. 1) how much was my bill in october 2) whats the roaming rate in belgium'),
      ['billing', 'roaming'],
    );
    assert.deepEqual(intents('bill for oct, my plan, roaming in spain'), ['billing', 'tariff', 'roaming']);
    assert.deepEqual(intents('roaming price for romania + my bill from september pls'), [
      'roaming',
      'billing',
    ]);
    assert.deepEqual(intents('hi, whats my bill'), ['billing']);
  });
});
