import type { PhraseCue } from '../domain.ts';

/**
 * Phrases that point to the bill more than their words do one by one: roaming named as a charge
 * already paid is a line of the customer's own bill; what they paid.
 * Read by the offline engine (src/engines/offline/lexicon.ts) on the message as it normalises it:
 * lower case, accents and punctuation gone, Spanish, German and French glossed into English.
 */
export const PHRASES: readonly PhraseCue[] = [
  // Keyword over intent: roaming named as a charge the customer already paid is a line of their own
  // bill; roaming named with switching it on or off, or not working, is a how-to. Weighted to
  // outvote the roaming examples the word alone resembles.
  {
    pattern:
      /\b(charged|billed|paid|spent|cost me|costed me|was i charged|did i pay|i paid|(charge|bill|billed|charged) (me|us))\b( \w+){0,4} (for |on |in )?(roaming|abroad)\b|\broaming( \w+){0,3} (did|have|had) (i|we) (pay|paid|spend|spent|get charged|been charged)\b|\broaming\b( \w+){0,6} (charged|billed)\b|\broaming (cost|costed|charged|set) (me|us)\b|\broaming (on|in) (my |the )?(january|february|march|april|may|june|july|august|september|october|november|december|last|previous) (one|bill|invoice)\b|\broaming( \w+){0,3} (on|in) (my|the|this|last) (\w+ )?(bill|invoice|statement)\b|\b(bill|invoice|statement)\b( \w+){0,6} roaming\b|\b(the|my|that|this) roaming (charge|fee)\b(?! (for|in) )/,
    weight: 2,
    label: 'roaming on their own bill',
    topical: true,
    outweighs: ['roaming'],
  },
  // What the customer paid is their own bill, whatever it paid for: "how much I paid for my mobile in August".
  {
    pattern:
      /\b(i|we) (have |had )?(\w+ ){0,3}(paid|spent|got charged|was charged|were charged|been charged)\b|\bdid (i|we) (pay|spend|get charged)\b|\bhave (i|we) (paid|spent|been charged)\b/,
    weight: 1.5,
    label: 'what they paid',
    topical: true,
  },
];
