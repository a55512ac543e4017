import MiniSearch from 'minisearch';
import { INTENTS, type Intent } from './intent.ts';
import { NEIGHBOURS } from './tuning.ts';

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

interface IndexedUtterance {
  id: number;
  text: string;
  intent: Intent;
}

/** The training utterances containing one term, by ascending id, with that term's BM25 score in each. */
interface Posting {
  ids: Int32Array;
  scores: Float64Array;
}

/**
 * A k-nearest-neighbour intent classifier over a minisearch BM25 index of the training utterances:
 * the closest utterances vote for their intent, each with its score. BM25 already weighs rare,
 * telling words ("roaming", "esim") above common ones ("how", "much"), which is what a bag-of-words
 * classifier needs.
 *
 * Minisearch builds the index and scores every (term, utterance) pair once, at start-up: a
 * one-term search returns exactly that term's BM25 score per utterance. The vote then adds those
 * precomputed scores itself, the way minisearch's OR query does (the sum over the query's terms,
 * times the number of distinct terms matched; ties kept in first-match order), so the nearest
 * neighbours and their scores are the ones `index.search(terms.join(' '))` returns, without a query
 * per message: the training set never changes after start-up, and a vote keeps only seven. No BM25
 * package offers a top-k over precomputed weights, hence this loop (docs/performance.md).
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
  const intents = examples.map((example) => example.intent);
  const postings = new Map<string, Posting>();
  for (const term of new Set(examples.flatMap((example) => example.terms))) {
    const hits = index.search(term).sort((a, b) => (a.id as number) - (b.id as number));
    postings.set(term, {
      ids: Int32Array.from(hits, (hit) => hit.id as number),
      scores: Float64Array.from(hits, (hit) => hit.score),
    });
  }

  // Scratch space of one vote, reset before it returns (votes are synchronous).
  const sums = new Float64Array(examples.length);
  const matchedTerms = new Uint16Array(examples.length);
  const touched: number[] = [];
  const queried = new Set<string>();

  return {
    knows: (term) => postings.has(term),
    vote(terms) {
      const shares = new Map<Intent, number>(INTENTS.map((intent) => [intent, 0]));
      for (const term of terms) {
        const posting = postings.get(term);
        if (posting === undefined) continue;
        const distinct = !queried.has(term);
        queried.add(term);
        const { ids, scores } = posting;
        for (let i = 0; i < ids.length; i++) {
          const id = ids[i] as number;
          if (matchedTerms[id] === 0) touched.push(id);
          sums[id] = (sums[id] as number) + (scores[i] as number);
          if (distinct) matchedTerms[id] = (matchedTerms[id] as number) + 1;
        }
      }
      // The NEIGHBOURS best, as a stable sort by descending score would order them.
      const best: { id: number; score: number }[] = [];
      for (const id of touched) {
        const score = (sums[id] as number) * (matchedTerms[id] as number);
        sums[id] = 0;
        matchedTerms[id] = 0;
        if (best.length === NEIGHBOURS && score <= (best[NEIGHBOURS - 1]?.score ?? 0)) continue;
        let at = best.length;
        while (at > 0 && (best[at - 1]?.score ?? 0) < score) at--;
        best.splice(at, 0, { id, score });
        if (best.length > NEIGHBOURS) best.pop();
      }
      touched.length = 0;
      queried.clear();
      let total = 0;
      for (const { id, score } of best) {
        const intent = intents[id] as Intent;
        shares.set(intent, (shares.get(intent) ?? 0) + score);
        total += score;
      }
      if (total > 0) for (const [intent, score] of shares) shares.set(intent, score / total);
      return { shares, topScore: best[0]?.score ?? 0 };
    },
  };
}
