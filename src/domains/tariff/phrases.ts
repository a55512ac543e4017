import type { PhraseCue } from '../domain.ts';

/**
 * Phrases that point to the plans more than their words do one by one: a bigger allowance,
 * shopping for a plan by price, an add-on.
 * Read by the offline engine (src/engines/offline/lexicon.ts) on the message as it normalises it:
 * lower case, accents and punctuation gone, Spanish, German and French glossed into English.
 */
export const PHRASES: readonly PhraseCue[] = [
  {
    pattern:
      /\brunning out of (data|minutes|gb|credit)\b|\b(bigger|larger|more) (package|plan|bundle|allowance)\b|\b\d+ ?gb (a|per|every) month\b|\b(need|want|get|have) (a lot |lots |way |much )?more (data|minutes|gb|gigs)\b|\bmore (data|minutes|gb|gigs) than\b|\b(whats|what is|how big is|how much is) (my|the) (monthly |plans )?(data |minutes |sms )?allowance\b/,
    weight: 0.8,
    label: 'a bigger allowance',
    topical: true,
  },
  // Shopping for a price is a plan search: "what can I get for less than 15".
  {
    pattern:
      /\bwhat (can|could|would) (i|we) get for\b|\bwhat (do|have) you (got|have) for\b|\b(looking for|i want|i need|is there|do you have|have you got|any|which|recommend) (a |an |any )?(plan|tariff)s? (that|which|with|where|what|for)\b/,
    weight: 2,
    label: 'shopping for a plan',
    topical: true,
    outweighs: ['billing', 'faq'],
  },
  // An add-on named by its kind is one of the plans' extras, whatever else its name says.
  {
    pattern:
      /\b(calling|roaming|streaming|talktime|weekend) (pack|bundle)\b|\b(data )?boost(er)?\b|\baddons?\b|\btier \d( upgrade)?\b/,
    weight: 2,
    label: 'an add-on',
    topical: true,
    outweighs: ['roaming', 'faq'],
  },
];
