import { readDomainLanguage } from '../domain-language.ts';

/**
 * What the offline engine learns the ticket domain (EscalationAgent) from: its language.json,
 * customers asking for a person, to complain, or to be called back. Hand-written, like every
 * domain's vocabulary.
 */
export const {
  examples: EXAMPLES,
  cues: CUES,
  capability: CAPABILITY,
  glossary: GLOSSARY,
} = readDomainLanguage(new URL('./language.json', import.meta.url));
