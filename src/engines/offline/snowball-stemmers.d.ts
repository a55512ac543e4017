/** Types for `snowball-stemmers` (ships none): the Snowball stemming algorithms, one per language. */
declare module 'snowball-stemmers' {
  interface Stemmer {
    /** The word's stem: "cobraron", "cobrado" and "cobrar" all give "cobr". */
    stem(word: string): string;
  }
  /** A stemmer for a Snowball language name ("spanish", "german", "french", …). */
  export function newStemmer(language: string): Stemmer;
}
