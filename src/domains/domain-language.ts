import { z } from 'zod';
import { ANSWER_LANGUAGES, type AnswerLanguage } from '../core/i18n/i18n.ts';
import { readDataFile } from './data-file.ts';

/** A cue word: one word, in lower case. */
const ONE_WORD = /^[\p{Ll}\p{N}]+$/u;

/** A glossary entry's words as the engine normalises a message: lower case, no accents, single spaces. */
const PLAIN_WORDS = /^[a-z0-9]+( [a-z0-9]+)*$/;

/**
 * The domain's words in one of the languages the engine reads through English (Spanish, German,
 * French): each word or phrase as a customer writes it (normalised: lower case, no accents or
 * punctuation), and the English an English customer would have written ("factura" → "bill",
 * "darme de baja" → "cancel"). A word it does not list is read as a listed word with the same stem.
 */
const glossary = z.record(z.string(), z.string().min(1)).superRefine((entries, context) => {
  for (const key of Object.keys(entries).filter((entry) => !PLAIN_WORDS.test(entry))) {
    context.addIssue({
      code: 'custom',
      message: `"${key}" is not lower-case words without accents or punctuation`,
      path: [key],
    });
  }
});

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

/**
 * Spanish, German or French: the domain's words glossed into English, and any examples and cues of
 * the language's own (most are learned from English through the gloss).
 */
const glossedPhrasings = z.strictObject({
  examples: phrasings.shape.examples.optional(),
  cues: phrasings.shape.cues.optional(),
  glossary: glossary.optional(),
});

/** A domain's language.json: its capability line, and its phrasings per language (English required). */
const domainLanguage = z.strictObject({
  capability,
  en: z.strictObject(phrasings.shape, {
    error: (issue) => (issue.input === undefined ? 'English phrasings ("en") are required' : undefined),
  }),
  es: glossedPhrasings.optional(),
  de: glossedPhrasings.optional(),
  fr: glossedPhrasings.optional(),
});

/** The languages the offline engine reads through an English gloss. */
export type GlossedLanguage = Exclude<AnswerLanguage, 'en'>;

/** A domain's words in each glossed language, with the English the engine reads for them. */
export type Glossary = Readonly<Partial<Record<GlossedLanguage, Readonly<Record<string, string>>>>>;

/** A domain's capability line in each answer language. */
export type Capability = Readonly<Record<AnswerLanguage, string>>;

/** What the offline engine learns a domain from, every language's phrasings English first, and its capability line. */
export interface DomainLanguage {
  examples: readonly string[];
  cues: Readonly<Record<string, number>>;
  capability: Capability;
  glossary: Glossary;
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
    examples: present.flatMap((language) => language.examples ?? []),
    cues: Object.assign({}, ...present.map((language) => language.cues ?? {})) as Record<string, number>,
    glossary: {
      es: languages.es?.glossary ?? {},
      de: languages.de?.glossary ?? {},
      fr: languages.fr?.glossary ?? {},
    },
  };
}
