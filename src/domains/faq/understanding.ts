import { readDomainLanguage } from '../domain-language.ts';

/**
 * What the offline engine learns the faq domain from: its language.json, labelled utterances and cue
 * words per language. Hand-written: this operator's vocabulary, which no NLP package carries. The
 * labelling rule where domains meet is in src/engines/offline/training-data.ts.
 */
export const {
  examples: EXAMPLES,
  cues: CUES,
  capability: CAPABILITY,
  glossary: GLOSSARY,
} = readDomainLanguage(new URL('./language.json', import.meta.url));
