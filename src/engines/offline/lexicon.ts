/**
 * The offline engine's word lists. Hand-written: they are this operator's vocabulary (its bills,
 * its roaming, its plans), which no general-purpose NLP package carries. Words are given as a
 * customer writes them; callers stem them with the same stemmer they use on messages.
 */
import { perDomain } from '../../domains/registry.ts';
import type { Intent } from './intent.ts';

/**
 * Cue words per intent with a weight: how strongly one occurrence points to that intent. The
 * classifier adds these to its nearest-neighbour vote; a message with no domain cue at all and with
 * slots reads as a follow-up ("and in Belgium?").
 */
// prettier-ignore
export const CUE_WORDS: Readonly<Partial<Record<Intent, Readonly<Record<string, number>>>>> = {
  ...perDomain((domain) => domain.understanding.cues),
  out_of_scope: {
    weather: 1, forecast: 0.8, recipe: 1, cook: 1, cooking: 1, bake: 1, football: 1, soccer: 1, match: 0.4,
    game: 0.6, movie: 0.7, film: 0.6, song: 0.8, poem: 1, joke: 1, python: 1, javascript: 1, code: 0.6,
    programming: 1, stock: 0.8, bitcoin: 1, crypto: 1, capital: 0.7, president: 1, election: 1, homework: 1,
    math: 0.8, translate: 0.8, pizza: 1, restaurant: 1, hotel: 0.8, flight: 0.5, doctor: 1, medicine: 1,
    lottery: 1, horoscope: 1, essay: 1, story: 0.6, girlfriend: 1, boyfriend: 1, dog: 0.8, cat: 0.8,
    car: 0.7, recommend: 0.2, book: 0.3, novel: 0.8, meaning: 0.5, life: 0.5, write: 0.3, sql: 0.8,
    pasta: 1, lasagna: 1, cake: 1, rain: 0.8, sunny: 0.8, temperature: 0.8, nba: 1, team: 0.5, won: 0.4,
    world: 0.2, cup: 0.4, investment: 0.8, invest: 0.8, shares: 0.5, diet: 1, workout: 1, gym: 1,
    population: 1, people: 0.5, inhabitants: 1, history: 0.6, language: 0.6, founded: 0.8, guitar: 1,
    piano: 1, music: 0.8, learn: 0.4, hack: 0.5, netflix: 0.6, series: 0.5, tv: 0.5,
  },
};

/** Words that on their own make a message small talk: greetings, thanks, farewells, politeness. */
export const SMALLTALK_WORDS: ReadonlySet<string> = new Set(
  (
    'hi hello hey hiya howdy heya yo greetings morning afternoon evening good day there thanks thank thx ty ta ' +
    'tnx cheers bye goodbye ciao later see ya you u so much very lot lots a the for all your that it its this ' +
    'was is great ok okay cool awesome perfect nice brilliant wonderful excellent fine appreciate appreciated ' +
    'helpful help dear team folks everyone how are doing hows going whats up sup have and again really many ' +
    'kind kindly thats superb fantastic lovely sir madam night take care mate buddy pal guys bot everything today'
  ).split(' '),
);

/**
 * Phrases that point to an intent more than their words do one by one: "how do I…" asks for a
 * procedure (FAQ) even when it names a bill or roaming; calling abroad from home is the FAQ's
 * international-calls topic, not roaming.
 */
export const PHRASE_CUES: readonly {
  pattern: RegExp;
  intent: Intent;
  weight: number;
  label: string;
  topical: boolean;
}[] = [
  {
    pattern:
      /^(\w+ )?(how (do|can|should|would) (i|we|you)|how to|is it possible to|where (do|can) i|what do i do|what should i do|what can i do)\b(?! (pay|spend) (so|this|that|much))/,
    intent: 'faq',
    weight: 0.8,
    label: 'a how-to question',
    topical: false,
  },
  {
    pattern:
      /\b(call(s|ing)?|phon(e|ing)|ring(ing)?|text(ing)?) (to )?(another|other|a foreign|foreign|international|abroad|overseas)\b|\binternational (calls?|calling)\b|\bfrom home\b|\bper minute\b/,
    intent: 'faq',
    // Strong on purpose: calling abroad from home names a country, which alone leans to roaming.
    weight: 1.2,
    label: 'international calls',
    topical: true,
  },
  {
    pattern:
      /\brunning out of (data|minutes|gb|credit)\b|\b(bigger|larger|more) (package|plan|bundle|allowance)\b|\b\d+ ?gb (a|per|every) month\b/,
    intent: 'tariff',
    weight: 0.8,
    label: 'a bigger allowance',
    topical: true,
  },
  {
    pattern: /\b(pay|paying) (my|the|a) (bill|invoice)\b|\bpayment methods?\b|\bdirect debit\b|\bdispute\b/,
    intent: 'faq',
    weight: 0.8,
    label: 'how to pay or dispute',
    topical: true,
  },
  {
    pattern:
      /\b(data|minutes|allowance|balance|credit) (left|remaining)\b|\bhow much (data|credit|minutes|balance)\b.{0,20}\b(left|remaining|used)\b|\bdata usage\b/,
    intent: 'faq',
    weight: 1,
    label: 'data usage',
    topical: true,
  },
];

/** Phrases asking what the assistant can do: small talk the planner answers with its capabilities. */
export const CAPABILITY_PATTERN =
  /\b(what can you (do|help)|what do you do|who are you|what are you|are you (a |an )?(bot|robot|human|real person|person|ai|machine)|am i (talking|chatting|speaking) (to|with) (a |an )?(bot|robot|human|real person|person|ai|machine)|how can you help|what (kind of|sort of)? ?(things|questions) can (you|i)|help me$|^help$|^menu$|^options$|^start$)/;

/** Words that make a message a farewell or thanks rather than a greeting. */
export const THANKS_PATTERN = /\b(thanks?|thx|ty|ta|tnx|cheers|appreciated?|grateful)\b/;
export const GREETING_PATTERN =
  /^(hi|hello|hey|hiya|howdy|heya|greetings|good (morning|afternoon|evening|day)|morning|evening)\b/;
export const GOODBYE_PATTERN = /\b(bye|goodbye|ciao|see (you|ya)|take care|good night)\b/;

/**
 * How a follow-up starts: "and in Belgium?", "what about two months ago?", "same for Spain".
 * Checked on normalised text.
 */
export const FOLLOW_UP_START =
  /^(and|also|what about|how about|what of|same (for|question|thing)|ok(ay)? (and|what about|how about)|then|and then|now|or|but|plus|what if|and if|for)\b/;

/** Short continuations that only make sense after an answer: "why?", "tell me more". */
export const CONTINUATION_PATTERN =
  /^(why( is that| so)?|how come|tell me more|more details?|explain( that| it| please)?|can you explain( that| it)?|break it down|elaborate|go on|details|really|which one|is that (right|correct|all)|what does (that|it) (mean|include))\b/;

/**
 * Prompt-injection and jailbreak attempts, and requests for data that is not the customer's. Any
 * match is refused before classification, whatever domain words the message also has.
 */
export const INJECTION_PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass|abandon)\b( \w+){0,4} (instructions?|rules|prompts?|directions|guidelines|constraints|programming|guardrails|restrictions|training)\b/,
  /\b(system|hidden|initial|secret|original|internal|developer|base) (prompt|instructions?|message|rules|config(uration)?)\b/,
  /\b(print|show|reveal|tell|repeat|output|display|dump|leak|give|share|expose|paste|list|spell out|what (are|is|were))\b.{0,30}\b(your|the|its) (instructions|prompt|rules|configuration|guidelines|directives)\b/,
  /\b(you are now|from now on,? you|act as (an? )?(unrestricted|unfiltered|evil|different|new|admin|developer|root)|pretend (to be|you are|that you)|roleplay as|role play as|simulate (an?|being))\b/,
  /\b(developer|dan|god|admin|debug|maintenance|jailbreak|sudo) mode\b/,
  /\b(jailbreak|jailbroken|do anything now|prompt injection|no (restrictions|filters|limits|rules))\b/,
  /\bwithout (any )?(restrictions|filters|rules|limits|guardrails|censorship)\b/,
  /\b(api|secret|access|private) keys?\b|\b(credentials|passwords?) (of|for|from)\b/,
  /\b(another|other|all( the)?|every|someone elses?|somebody elses?) (customers?|users?|persons?|subscribers?|people) ?s? (bills?|data|accounts?|details|numbers?|info|information|records|invoices|usage|addresses)\b/,
  /\b(bills?|invoices?|data|accounts?|details|numbers?|usage|records) (of|for|from|belonging to) (another|other|a different|someone|somebody|all( the)?|every) (customers?|users?|person|people|subscribers?|clients?)\b/,
  /\b(someone|somebody) elses? (bills?|account|number|data|invoice|usage)\b/,
  /\b(dump|export|drop|delete|select \*|read) .{0,20}\b(database|tables?|db|users)\b/,
  /\b(execute|run|eval) (this|the following|arbitrary|a|some)? ?(code|command|script|shell|sql|query)\b/,
  /<\/?(system|assistant|instructions?)>|\[(system|inst)\]|#{3,}\s*(system|instruction)/,
  /\b(forget|ignore|disregard) (everything|all|anything|what) (you (were|have been|ve been|got) (told|taught|given)|above|before)\b/,
  /\bhow (to|do i|can i|could i) (hack|break into|steal|spy on|clone|intercept)\b/,
  /\bnew instructions\b|\bupdated instructions\b|\boverride (mode|code)\b/,
  // Someone else's account: a third person's bill, account or usage is never this customer's to see,
  // whether named before it ("my neighbour's bill") or after ("the call history of my ex's number").
  /\b(neighbou?rs?|exs?|ex ?(wife|husband|partner|girlfriend|boyfriend)s?|boss(es)?|colleagues?|coworkers?|landlords?|strangers?) (bills?|accounts?|invoices?|usage|call (history|logs?)|texts|messages|location|records|details|breakdown)\b/,
  /\b(bills?|accounts?|invoices?|usage|call (history|logs?)|texts|messages|location|records) (of|for|from|on|belonging to) (my |his |her |their |the |a )?(neighbou?rs?|exs?|ex ?(wife|husband|partner|girlfriend|boyfriend)s?|boss(es)?|colleagues?|coworkers?|landlords?|strangers?)\b/,
  /\b(his|her|their) (bills?|accounts?|invoices?|call (history|logs?)|texts|messages|location)\b/,
  /\bits (my |the )?(exs?|neighbou?rs?|bosss?|colleagues?) ?(number|phone|line|bill|account)?\b/,
  /\bhow much (did|does|has|do) (?!i\b|we\b|my\b|you\b|it\b|that\b|this\b|roaming\b)[a-z]+( [a-z]+)? (pay|paid|spend|spent|owe)\b/,
  // Staff impersonation: claims of working for the operator, or orders only staff could give —
  // waiving or zeroing charges, codes that authorise it, skipping verification, giving orders.
  /\bi (work|am working) (in|for|at) (your|the) (billing|support|customer|it|tech|sales)|\b(staff|employee|agent|admin) (id|number|badge)\b|\bagent mode\b/,
  /\bwaive (all |the |my |every |any )?(outstanding |remaining |open )?(charges?|fees?|bills?|balance)\b/,
  /\b(set|reset|change|bring|put) (all |every )?(the |my |this |these |his |her |their )?(charges?|fees?|bills?|balance|amounts?)\b( \w+){0,4} (to )?(zero|0|nothing)\b/,
  /\b(authori[sz]ation|override|admin|manager|supervisor) code\b|\bno (verification|authentication|id check)( is)? (needed|required|necessary)\b|\bi ?m ordering you\b|\bi (order|command) you\b/,
];

/** Words the nearest-neighbour classifier ignores: they occur in every intent and only add noise. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the is are was were be been being am to of and or it its this that these those i im ive id me ' +
    'on at in for with by from as do does did done can could would should will shall just so very really ' +
    'um uh hmm please pls plz us our ours we'
  ).split(' '),
);
