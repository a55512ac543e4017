import { z } from 'zod';
import { ANSWER_LANGUAGES, type AnswerLanguage } from '../core/i18n/i18n.ts';
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

/**
 * What the domain's agent does, in one phrase per answer language, as it reads after "I can help you
 * with" ("Puedo ayudarle con", "Ich helfe Ihnen gern bei": dative, "Je peux vous aider pour"). The
 * phrases of every domain are joined into one list (Intl.ListFormat), so a phrase has no comma.
 */
const capability = z.record(
  z.enum(ANSWER_LANGUAGES),
  z
    .string()
    .min(1)
    .refine((phrase) => !phrase.includes(','), 'one phrase without commas: it is joined into a list'),
);

/** A domain's language.json: its capability line, and its phrasings per language (English required). */
const domainLanguage = z.strictObject({
  capability,
  en: z.strictObject(phrasings.shape, {
    error: (issue) => (issue.input === undefined ? 'English phrasings ("en") are required' : undefined),
  }),
  es: phrasings.optional(),
  de: phrasings.optional(),
  fr: phrasings.optional(),
});

/** A domain's capability line in each answer language. */
export type Capability = Readonly<Record<AnswerLanguage, string>>;

/** What the offline engine learns a domain from, every language's phrasings English first, and its capability line. */
export interface DomainLanguage {
  examples: readonly string[];
  cues: Readonly<Record<string, number>>;
  capability: Capability;
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
    capability: languages.capability,
    examples: present.flatMap((language) => language.examples),
    cues: Object.assign({}, ...present.map((language) => language.cues)) as Record<string, number>,
  };
}
