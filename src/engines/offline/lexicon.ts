/**
 * The offline engine's word lists. Hand-written: they are this operator's vocabulary (its bills,
 * its roaming, its plans), which no general-purpose NLP package carries. Words are given as a
 * customer writes them; callers stem them with the same stemmer they use on messages.
 */
import { DOMAIN_MODULES, DOMAINS, domainModule, perDomain } from '../../domains/registry.ts';
import type { PhraseCue } from '../../domains/domain.ts';
import { INTENTS, type Intent } from './intent.ts';

/**
 * Cue words per intent with a weight: how strongly one occurrence points to that intent. The
 * classifier adds these to its nearest-neighbour vote; a message with no domain cue at all and with
 * slots reads as a follow-up ("and in Belgium?").
 */
// prettier-ignore
export const CUE_WORDS: Readonly<Partial<Record<Intent, Readonly<Record<string, number>>>>> = {
  ...perDomain((domain) => domain.understanding.cues),
  // Off-topic words. The first line is other companies' apps and shops: how to use them is not this
  // operator's to answer.
  out_of_scope: {
    instagram: 1, facebook: 1, tiktok: 1, youtube: 0.8, gmail: 1, google: 0.6, disney: 0.8, uber: 1, ebay: 1,
    weather: 1, forecast: 0.8, recipe: 1, cook: 1, cooking: 1, bake: 1, football: 1, soccer: 1, match: 0.4,
    game: 0.6, movie: 0.7, film: 0.6, song: 0.8, poem: 1, joke: 1, python: 1, javascript: 1, code: 0.6,
    programming: 1, stock: 0.8, bitcoin: 1, crypto: 1, capital: 0.7, president: 1, election: 1, homework: 1,
    math: 0.8, translate: 0.8, pizza: 1, restaurant: 1, hotel: 0.8, flight: 0.5, doctor: 1, medicine: 1,
    lottery: 1, horoscope: 1, essay: 1, story: 0.6, girlfriend: 1, boyfriend: 1, dog: 0.8, cat: 0.8,
    car: 0.7, recommend: 0.2, book: 0.3, novel: 0.8, meaning: 0.5, life: 0.5, write: 0.3, sql: 0.8,
    pasta: 1, lasagna: 1, cake: 1, rain: 1, sunny: 0.8, temperature: 0.8, nba: 1, team: 0.5, won: 0.4,
    world: 0.2, cup: 0.4, investment: 0.8, invest: 0.8, shares: 0.5, diet: 1, workout: 1, gym: 1,
    population: 1, people: 0.5, inhabitants: 1, history: 0.6, language: 0.6, founded: 0.8, guitar: 1,
    piano: 1, music: 0.8, learn: 0.4, hack: 0.5, netflix: 0.6, series: 0.5, tv: 0.5,
    // Other operators: their prices and plans are theirs to tell.
    vodafone: 1, movistar: 1, telekom: 1, telefonica: 1, orange: 0.8, o2: 0.8, sfr: 1, bouygues: 1,
    yoigo: 1, lebara: 1, lycamobile: 1, tmobile: 1, verizon: 1, proximus: 1, swisscom: 1,
  },
};

/** Words that on their own make a message small talk: greetings, thanks, farewells, politeness. */
export const SMALLTALK_WORDS: ReadonlySet<string> = new Set(
  (
    'hi hello hey hiya howdy heya yo greetings morning afternoon evening good day there thanks thank thx ty ta ' +
    'tnx cheers bye goodbye ciao later see ya you u so much very lot lots a the for all your that it its this ' +
    'was is great ok okay cool awesome perfect nice brilliant wonderful excellent fine appreciate appreciated ' +
    'helpful help dear team folks everyone how are doing hows going whats up sup have and again really many ' +
    'kind kindly thats superb fantastic lovely sir madam night take care mate buddy pal guys bot everything today ' +
    // The greetings and thanks of Spanish, German and French customers, as they write them.
    'hola buenas buenos dias tardes noches gracias muchas hallo guten morgen tag abend servus moin gruss gott ' +
    'gruezi danke dankeschon vielen dank bonjour bonsoir salut coucou merci beaucoup'
  ).split(' '),
);

/** A phrase cue, the intent it points to and the intents it outweighs. */
export interface IntentPhrase extends Omit<PhraseCue, 'outweighs'> {
  intent: Intent;
  outweighs: readonly Intent[];
}

const isIntent = (value: string): value is Intent => (INTENTS as readonly string[]).includes(value);

/** The phrase as the engine reads it; one that outweighs no intent by that name stops the start. */
function pointing(phrase: PhraseCue, intent: Intent): IntentPhrase {
  const outweighs = phrase.outweighs ?? [];
  const unknown = outweighs.filter((name) => !isIntent(name));
  if (unknown.length > 0) {
    throw new Error(
      `The phrase cue "${phrase.label}" outweighs ${unknown.join(', ')}: no intent has that name.`,
    );
  }
  return { ...phrase, intent, outweighs: outweighs.filter(isIntent) };
}

/**
 * The domains whose tools read the customer's account (those that take slots: bills, rates, plans):
 * what an order only staff could carry out is worded in.
 */
const ACCOUNT_DOMAINS: readonly string[] = DOMAINS.filter((domain) => domainModule(domain).slots.length > 0);

/** The engine's own phrase cues, which point to no domain: they decline. */
const ENGINE_PHRASES: readonly PhraseCue[] = [
  // Orders only staff could carry out — charges waived, cancelled or refunded, a bill marked paid,
  // credit added — and another customer picked by number: declined, whatever the bill words say.
  {
    pattern:
      /\b(waive|cancel|annul|void|forgive|remove|delete|wipe|write off)\b( \w+){0,4} (charges?|fees?|bills?|invoices?|balance|debt)\b(?! (is|are|was|were|do|does|did|work|works))|^(please |pls |just |now )?(refund|reverse)\b|\b(refund|reverse) (me|us|all|every|those|these)\b|\bmark\b( \w+){0,4} (as )?(paid|settled|cleared|resolved)\b|\b(set|reset|change|bring|put|make)( \w+){0,2} (charges?|fees?|bills?|balance|amounts?)( \w+){0,2} (to )?(zero|0|nothing|free)\b|\b(credit|add|put|give)( me)? (my|the|this) account( with)? \d+|\bcredit (my|the) account\b|\b(data|account|bill|details|usage|number) (of|for|from) (customer|subscriber|client|account) (number |no )?\d+|\b(?<!(my|our) )(customer|subscriber|client) (number |no |#)?\d{3,}\b/,
    weight: 3,
    label: 'an order only staff could carry out',
    topical: true,
    outweighs: ACCOUNT_DOMAINS,
  },
];

/**
 * Phrases that point to an intent more than their words do one by one: each domain's (its
 * `understanding.phrases`, in its folder) and the engine's own.
 */
export const PHRASE_CUES: readonly IntentPhrase[] = [
  ...DOMAIN_MODULES.flatMap((module) =>
    (module.understanding.phrases ?? []).map((phrase) => pointing(phrase, module.name)),
  ),
  ...ENGINE_PHRASES.map((phrase) => pointing(phrase, 'refusal')),
];

/**
 * Words the phrase cues read that are neither everyday English nor in the training set: each
 * domain's `keepWords`, which the typo corrector takes as written ("crawling" is not a misspelt
 * "calling").
 */
export const PHRASE_WORDS: readonly string[] = DOMAIN_MODULES.flatMap(
  (module) => module.understanding.keepWords ?? [],
);

/** Phrases asking what the assistant can do: small talk the planner answers with its capabilities. */
export const CAPABILITY_PATTERN =
  /\b(what can you (do|help)|what do you do|who are you|what are you|(are|r) (you|u) (a |an )?(bot|robot|human|real person|person|ai|machine)|am i (talking|chatting|speaking) (to|with) (a |an )?(bot|robot|human|real person|person|ai|machine)|how can you help|what (kind of|sort of)? ?(things|questions) can (you|i)|help me$|^help$|^menu$|^options$|^start$)/;

/** Words that make a message a farewell or thanks rather than a greeting. */
export const THANKS_PATTERN =
  /\b(thanks?|thx|ty|ta|tnx|cheers|appreciated?|grateful|gracias|danke|dankeschon|vielen dank|merci)\b/;
export const GREETING_PATTERN =
  /^(hi|hello|hey|hiya|howdy|heya|greetings|good (morning|afternoon|evening|day)|morning|evening|hola|buenas|buenos dias|buenas (tardes|noches)|hallo|guten (morgen|tag|abend)|servus|moin|gruss gott|gruezi|bonjour|bonsoir|salut|coucou)\b/;
export const GOODBYE_PATTERN = /\b(bye|goodbye|ciao|see (you|ya)|take care|good night)\b/;

/**
 * How a follow-up starts: "and in Belgium?", "what about two months ago?", "same for Spain".
 * Checked on normalised text.
 */
export const FOLLOW_UP_START =
  /^(and|also|what about|how about|what of|same (for|question|thing)|ok(ay)? (and|what about|how about)|then|and then|now|or|but|plus|what if|and if|for)\b/;

/**
 * A correction of the question before: "sorry, I meant September", "no, Belgium not Spain", "I mean
 * the October one". It keeps the topic and replaces the slot it names. Checked on the English gloss.
 */
export const CORRECTION_PATTERN =
  /^((sorry|no|nope|nah|oops|oh|ah|ugh|uh|um|hmm|wait|moment|wrong|my bad|pardon|correction|actually|ok|okay)\b[ ,]*)*(i (meant|mean|wanted to say|was asking about|was talking about|meant to say)|meant|i mean|(ich )?meinte|(je )?voulais dire|quise decir|queria decir)\b|^((sorry|no|nope|nah|oops|wait|oh|ah|my bad|correction|actually)\b[ ,]*)+(not \w+ )?(but )?(\w+)?( of course| obviously| sorry| please| i meant| i mean)?$|^((sorry|no|nope|nah|oops|wait|oh|ah|uh|um|my bad|actually)\b[ ,]*)+.{1,60}\b(instead|rather)$/;

/** Short continuations that only make sense after an answer: "why?", "tell me more". */
export const CONTINUATION_PATTERN =
  /^(why( is that| so)?|how come|tell me more|more details?|explain( that| it| please)?|can you explain( that| it)?|break it down|elaborate|go on|details|really|which one|is that (right|correct|all)|what does (that|it) (mean|include))\b/;

/** Words the nearest-neighbour classifier ignores: they occur in every intent and only add noise. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the is are was were be been being am to of and or it its this that these those i im ive id me ' +
    'on at in for with by from as do does did done can could would should will shall just so very really ' +
    'um uh hmm please pls plz us our ours we'
  ).split(' '),
);
