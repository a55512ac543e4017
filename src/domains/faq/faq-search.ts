import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import type { FaqEntry } from './knowledge-base.ts';

/** A knowledge-base entry with its relevance to a query (higher is better). */
export interface FaqMatch extends FaqEntry {
  score: number;
}

/** Words too common in customer questions to say anything about the topic. */
const STOP_WORDS = new Set(
  (
    'a about after all also am an and any are as at be been before but by can could did do does doing for from ' +
    'get got had has have how i if in into is it its just me more my myself no not of on or our so some such than ' +
    'that the their them then there these they this to too up us very was we were what when where which who why ' +
    'will with would you your please hi hello thanks thank'
  ).split(' '),
);

/** Lower-cases, drops stop words and stems, so "charges", "charged" and "charge" meet. */
const processTerm = (term: string): string | null => {
  const word = term.toLowerCase();
  return STOP_WORDS.has(word) ? null : stemmer(word);
};

/**
 * Below this score a match rests on a single weak or fuzzy term and reads as a wrong answer,
 * so the search reports no match instead. Tuned on the shipped knowledge base.
 */
const MIN_SCORE = 3;

/** A full-text index over the FAQ: BM25 ranking (MiniSearch), stemming and typo tolerance. */
export class FaqSearch {
  private readonly index: MiniSearch<FaqEntry>;
  private readonly entries: Map<string, FaqEntry>;

  constructor(entries: readonly FaqEntry[]) {
    this.entries = new Map(entries.map((e) => [e.id, e]));
    this.index = new MiniSearch<FaqEntry>({
      fields: ['question', 'answer', 'category'],
      processTerm,
      searchOptions: {
        boost: { question: 3, category: 1.5 },
        // Fuzzy on longer words only: short words have too many neighbours at edit distance 1.
        fuzzy: (term) => (term.length > 4 ? 0.2 : false),
        prefix: (term) => term.length > 3,
        combineWith: 'OR',
      },
    });
    this.index.addAll([...entries]);
  }

  /** The best `limit` matches for `query`, best first; empty when nothing is relevant enough. */
  search(query: string, limit: number): FaqMatch[] {
    return this.index
      .search(query)
      .filter((hit) => hit.score >= MIN_SCORE)
      .slice(0, limit)
      .flatMap((hit) => {
        const entry = this.entries.get(String(hit.id));
        return entry ? [{ ...entry, score: Math.round(hit.score * 100) / 100 }] : [];
      });
  }
}
