import { z } from 'zod';
import { ANSWER_LANGUAGES } from '../core/i18n/i18n.ts';
import { readDataFile } from './data-file.ts';

/** A cue word: one word, in lower case. */
const ONE_WORD = /^[\p{Ll}\p{N}]+$/u;

/**
 * What a domain's customers write, in one language: labelled utterances the offline engine learns
 * the domain from (the held-out corpora share none of them; a scenario checks it), and cue words with
 * a weight, how strongly one occurrence points to the domain. A cue is one word as a customer writes
 * it, in lower case: the engine stems it as it stems the words of a message.
 */
const phrasings = z.strictObject({
  examples: z.array(z.string().min(1)).min(1),
  cues: z.record(z.string(), z.number().gt(0).max(1)).superRefine((cues, context) => {
    for (const word of Object.keys(cues).filter((cue) => !ONE_WORD.test(cue))) {
      context.addIssue({ code: 'custom', message: `"${word}" is not one word in lower case`, path: [word] });
    }
  }),
});

/** A domain's language.json: its phrasings per language; English is required. */
const domainLanguage = z
  .partialRecord(z.enum(ANSWER_LANGUAGES), phrasings)
  .refine((languages) => languages.en !== undefined, { message: 'English phrasings ("en") are required' });

/** What the offline engine learns a domain from: every language's phrasings, English first. */
export interface DomainLanguage {
  examples: readonly string[];
  cues: Readonly<Record<string, number>>;
}

/**
 * Reads a domain's language.json. The engine reads a message in Spanish, German or French through
 * its English gloss (src/engines/offline/languages.ts), examples included, so the languages' examples
 * and cues serve as one list each; a cue listed in two languages keeps the later language's weight.
 */
export function readDomainLanguage(file: URL): DomainLanguage {
  const languages = readDataFile(file, domainLanguage);
  const present = ANSWER_LANGUAGES.flatMap((language) => languages[language] ?? []);
  return {
    examples: present.flatMap((language) => language.examples),
    cues: Object.assign({}, ...present.map((language) => language.cues)) as Record<string, number>,
  };
}
