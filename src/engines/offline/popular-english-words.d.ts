/** Types for `popular-english-words` (ships none): English words, most frequent first. */
declare module 'popular-english-words' {
  interface PopularWords {
    /** The `count` most frequent words, most frequent first. */
    getMostPopular(count: number): string[];
  }
  export const words: PopularWords;
}
