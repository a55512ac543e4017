import type { PhraseCue } from '../domain.ts';

/**
 * Phrases that point to a hand-over to a person more than their words do one by one: asking for
 * a person, an angry customer. They outweigh every other domain's words.
 * Read by the offline engine (src/engines/offline/lexicon.ts) on the message as it normalises it:
 * lower case, accents and punctuation gone, Spanish, German and French glossed into English.
 */
export const PHRASES: readonly PhraseCue[] = [
  // Asking for a person, to complain or to be called back goes to the hand-over (EscalationAgent),
  // whatever the complaint is about.
  {
    pattern:
      /^(?!(are|r|is) (you|u|this|it)\b).*?(?:\b(talk|speak|chat|speaking|talking) (to|with) (a |an |some |one |your )?(real |actual |live |human )?(human|person|someone|somebody|agent|representative|operator|manager|supervisor|employee|staff|colleague|people)\b|\b(real|actual|live) (person|human|agent|people)\b|\b(?<!\b(people|they|others|friends|family|who|when|if|the|my|a|your) )(call|ring|phone)(s|ing)? me( back)?\b|\b(get|give|find) me (a |an )?(real |actual |live )?(human|person|agent|representative|operator|manager|supervisor)\b|\b(transfer|connect|put) me (through |over )?(to|with) (the |your )?(customer (service|support|care)|support|helpdesk|help desk)\b|\bcall ?back\b|\b(file|make|lodge|raise|submit) (a |an )?(formal |official )?complaint\b|\b(complain|complaint) (to|with) (someone|somebody|a person|a manager|you)\b|\bwho (do|can|should|could) (i|we) (complain|speak|talk|write) to\b|\b(not|no more|stop) (a |with a |to a |talking to a |the )?(bot|robot|machine|ai)\b|\b(transfer|connect|put) me (through |over )?(to|with) (a |an )?(\w+ )?(human|person|agent|representative|operator|someone|somebody|employee|staff|manager|supervisor|colleague|people)\b)|^(agent|operator|human|representative|person)( please)?$/,
    // Strong on purpose: a person asked for outvotes whatever the complaint is about.
    weight: 3,
    label: 'asking for a person',
    topical: true,
    outweighs: ['billing', 'roaming', 'tariff', 'faq'],
  },
  // A customer plainly angry is offered a person too, whatever the anger is about: strong
  // words only, so that "a ridiculous price" stays a question about the price.
  {
    pattern:
      /\b(furious|livid|fuming|outraged|disgusted|(so |really |very |extremely )?angry|pissed off|fed up|sick (and tired )?of (this|you|your)|(i'?ve|i have|ive) had enough|(worst|useless|pathetic|terrible|shocking) (customer )?(service|company|support|provider)|(this is |that is |thats |it'?s )?(unacceptable|a disgrace|disgraceful|a scam|a joke)\b)/,
    weight: 3,
    label: 'an angry customer',
    topical: true,
    outweighs: ['billing', 'roaming', 'tariff', 'faq'],
  },
];
