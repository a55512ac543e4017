import MiniSearch from 'minisearch';
import { INTENTS, type Intent } from './intent.ts';

/** One labelled training utterance, already reduced to the classifier's terms. */
export interface LabelledTerms {
  terms: readonly string[];
  intent: Intent;
}

/** The nearest-neighbour vote for one message. */
export interface NeighbourVote {
  /** Per intent: its share (0–1) of the summed BM25 scores of the nearest training utterances. */
  shares: ReadonlyMap<Intent, number>;
  /** The best BM25 score of any training utterance; near zero means nothing in training resembles the message. */
  topScore: number;
}

export interface IntentClassifier {
  vote(terms: readonly string[]): NeighbourVote;
  /** True when some training utterance contains the term. */
  knows(term: string): boolean;
}

/** How many nearest training utterances vote. Odd, and small enough that a rare intent can win. */
const NEIGHBOURS = 7;

interface IndexedUtterance {
  id: number;
  text: string;
  intent: Intent;
}

/**
 * A k-nearest-neighbour intent classifier over a minisearch BM25 index of the training utterances:
 * the closest utterances vote for their intent, each with its score. BM25 already weighs rare,
 * telling words ("roaming", "esim") above common ones ("how", "much"), which is what a bag-of-words
 * classifier needs; the index is built once.
 */
export function createIntentClassifier(examples: readonly LabelledTerms[]): IntentClassifier {
  // Terms arrive normalised, corrected and stemmed; minisearch must not split or lower-case them again.
  const index = new MiniSearch<IndexedUtterance>({
    fields: ['text'],
    storeFields: ['intent'],
    tokenize: (text) => text.split(' ').filter((term) => term.length > 0),
    processTerm: (term) => term,
    searchOptions: { combineWith: 'OR', prefix: false, fuzzy: false },
  });
  index.addAll(
    examples.map((example, id) => ({ id, text: example.terms.join(' '), intent: example.intent })),
  );
  const vocabulary = new Set(examples.flatMap((example) => example.terms));

  return {
    knows: (term) => vocabulary.has(term),
    vote(terms) {
      const shares = new Map<Intent, number>(INTENTS.map((intent) => [intent, 0]));
      if (terms.length === 0) return { shares, topScore: 0 };
      const results = index.search(terms.join(' ')).slice(0, NEIGHBOURS);
      let total = 0;
      for (const result of results) {
        const intent = result['intent'] as Intent;
        shares.set(intent, (shares.get(intent) ?? 0) + result.score);
        total += result.score;
      }
      if (total > 0) for (const [intent, score] of shares) shares.set(intent, score / total);
      return { shares, topScore: results[0]?.score ?? 0 };
    },
  };
}
