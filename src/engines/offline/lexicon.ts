/**
 * The offline engine's word lists. Hand-written: they are this operator's vocabulary (its bills,
 * its roaming, its plans), which no general-purpose NLP package carries. Words are given as a
 * customer writes them; callers stem them with the same stemmer they use on messages.
 */
import { perDomain, type Domain } from '../../domains/registry.ts';
import type { Intent } from './intent.ts';

/** Words customers use that the domains' own cue lists lack, added to theirs: a region, not a country. */
// prettier-ignore
const MORE_CUES: Readonly<Partial<Record<Domain, Readonly<Record<string, number>>>>> = {
  roaming: { europe: 0.6, eu: 0.6, european: 0.5 },
};

/**
 * Cue words per intent with a weight: how strongly one occurrence points to that intent. The
 * classifier adds these to its nearest-neighbour vote; a message with no domain cue at all and with
 * slots reads as a follow-up ("and in Belgium?").
 */
// prettier-ignore
export const CUE_WORDS: Readonly<Partial<Record<Intent, Readonly<Record<string, number>>>>> = {
  ...perDomain((domain) => ({ ...domain.understanding.cues, ...MORE_CUES[domain.name] })),
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
  /**
   * Intents whose single words this phrase reads otherwise: "roaming" in "roaming cost me 50 last
   * month" is a line of the bill, "bill" in "can I pay my bill by PayPal" is what is paid. When the
   * phrase is found, their word cues (and the country, bill-line and plan cues) do not count.
   */
  outweighs?: readonly Intent[];
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
      /\b(call(s|ing)?|phoning|ring(ing)?|text(ing)?) (to )?(another|other|a foreign|foreign|international|abroad|overseas)\b|\bphone (to )?(another|other|a foreign|foreign) (country|number)\b|\binternational (calls?|calling)\b|\bfrom (home|here)\b|\bper minute\b/,
    intent: 'faq',
    // Strong on purpose: calling abroad from home names a country, which alone leans to roaming.
    weight: 3,
    label: 'international calls',
    topical: true,
    outweighs: ['roaming'],
  },
  {
    pattern:
      /\brunning out of (data|minutes|gb|credit)\b|\b(bigger|larger|more) (package|plan|bundle|allowance)\b|\b\d+ ?gb (a|per|every) month\b|\b(need|want|get|have) (a lot |lots |way |much )?more (data|minutes|gb|gigs)\b|\bmore (data|minutes|gb|gigs) than\b|\b(whats|what is|how big is|how much is) (my|the) (monthly |plans )?(data |minutes |sms )?allowance\b/,
    intent: 'tariff',
    weight: 0.8,
    label: 'a bigger allowance',
    topical: true,
  },
  // Shopping for a price is a plan search: "what can I get for less than 15".
  {
    pattern: /\bwhat (can|could|would) (i|we) get for\b|\bwhat (do|have) you (got|have) for\b/,
    intent: 'tariff',
    weight: 2,
    label: 'shopping for a plan',
    topical: true,
    outweighs: ['billing'],
  },
  {
    pattern:
      /\b(pay|paying) (my|the|a|this|that|these|those)( \w+)? (bill|invoice|charges?|balance)\b|\bpayment methods?\b|\bdirect debit\b|\bdispute\b|\bpay (by|with|via|using|through)\b|\bpaypal\b|\b(credit|debit) cards?\b|\bbank transfer\b|\bhow (can|do|could) (i|we) (\w+ ){0,3}pay\b/,
    intent: 'faq',
    weight: 2,
    label: 'how to pay or dispute',
    topical: true,
    outweighs: ['billing'],
  },
  // Keyword over intent: roaming named as a charge the customer already paid is a line of their own
  // bill; roaming named with switching it on or off, or not working, is a how-to. Weighted to
  // outvote the roaming examples the word alone resembles.
  {
    pattern:
      /\b(charged|billed|paid|spent|cost me|costed me|was i charged|did i pay|i paid|(charge|bill|billed|charged) (me|us))\b( \w+){0,4} (for |on |in )?(roaming|abroad)\b|\broaming( \w+){0,3} (did|have|had) (i|we) (pay|paid|spend|spent|get charged|been charged)\b|\broaming\b( \w+){0,6} (charged|billed)\b|\broaming (cost|costed|charged|set) (me|us)\b|\broaming (on|in) (my |the )?(january|february|march|april|may|june|july|august|september|october|november|december|last|previous) (one|bill|invoice)\b|\broaming( \w+){0,3} (on|in) (my|the|this|last) (\w+ )?(bill|invoice|statement)\b|\b(bill|invoice|statement)\b( \w+){0,6} roaming\b|\b(the|my|that|this) roaming (charge|fee)\b(?! (for|in) )/,
    intent: 'billing',
    weight: 2,
    label: 'roaming on their own bill',
    topical: true,
    outweighs: ['roaming'],
  },
  {
    pattern:
      /\b(turn|switch|activate|enable|disable|deactivate|set up|setup|put|get) (on |off )?(my |the |data )?(data )?roaming( on| off)?\b|\broaming (on|off)\b(?! (the|my|this|that|last|your|our|each|every|an?)\b)|\broaming( \w+)? (is not|isnt|not|doesnt|does not|wont|stopped|never) (work|working|connect|connecting|on)\b|\broaming settings?\b|\b(work|works|working|turned on|switched on|activated|on) automatically\b|\b(avoid|stop|prevent|make sure|ensure|block|disable)\b( \w+){0,6} roaming\b|\b(enable|activate|turn on|switch on|set up|setup|configure|change)( \w+){0,3} (for|to use|to get) (data )?roaming\b|\b(turn|switch|put|enable|activate|set up)( \w+){0,2}( on)? (to use|for using|to get|before using) (my )?(phone|data|mobile|internet)( \w+)? (abroad|overseas|roaming|there)\b/,
    intent: 'faq',
    weight: 2,
    label: 'switching roaming on or off',
    topical: true,
    outweighs: ['roaming'],
  },
  // Asking for a person, to complain or to be called back goes to the hand-over (EscalationAgent),
  // whatever the complaint is about.
  {
    pattern:
      /^(?!(are|r|is) (you|u|this|it)\b).*?(?:\b(talk|speak|chat|speaking|talking) (to|with) (a |an |some |one |your )?(real |actual |live |human )?(human|person|someone|somebody|agent|representative|operator|manager|supervisor|employee|staff|colleague|people)\b|\b(real|actual|live) (person|human|agent|people)\b|\b(call|ring|phone)(s|ing)? me( back)?\b|\b(get|give|find) me (a |an )?(real |actual |live )?(human|person|agent|representative|operator|manager|supervisor)\b|\b(transfer|connect|put) me (through |over )?(to|with) (the |your )?(customer (service|support|care)|support|helpdesk|help desk)\b|\bcall ?back\b|\b(file|make|lodge|raise|submit) (a |an )?(formal |official )?complaint\b|\b(complain|complaint) (to|with) (someone|somebody|a person|a manager|you)\b|\bwho (do|can|should|could) (i|we) (complain|speak|talk|write) to\b|\b(not|no more|stop) (a |with a |to a |talking to a |the )?(bot|robot|machine|ai)\b|\b(transfer|connect|put) me (through |over )?(to|with) (a |an )?(\w+ )?(human|person|agent|representative|operator|someone|somebody|employee|staff|manager|supervisor|colleague|people)\b)|^(agent|operator|human|representative|person)( please)?$/,
    intent: 'ticket',
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
    intent: 'ticket',
    weight: 3,
    label: 'an angry customer',
    topical: true,
    outweighs: ['billing', 'roaming', 'tariff', 'faq'],
  },
  // What the customer paid is their own bill, whatever it paid for: "how much I paid for my mobile in August".
  {
    pattern:
      /\b(i|we) (have |had )?(\w+ ){0,3}(paid|spent|got charged|was charged|were charged|been charged)\b|\bdid (i|we) (pay|spend|get charged)\b|\bhave (i|we) (paid|spent|been charged)\b/,
    intent: 'billing',
    weight: 1.5,
    label: 'what they paid',
    topical: true,
  },
  // Coverage where the customer is: a how-to about the network, not a plan.
  {
    pattern:
      /\b(5g|4g|coverage|signal|reception|network)\b( \w+){0,4} (where i live|where i am|in my area|at home|near me|at my place|in my (village|town|city|street|house))\b|\b(5g|4g|coverage|signal|network)\b( \w+){0,3} (available|work|works|everywhere)\b( \w+){0,4} (everywhere|anywhere|cities|city|towns?|villages?|countryside|rural|area|region|nationwide|whole country)\b/,
    intent: 'faq',
    weight: 2,
    label: 'coverage where they are',
    topical: true,
    outweighs: ['tariff'],
  },
  // Going over the allowance is fair use, not a plan question: slowed down, throttled, used up.
  {
    pattern:
      /\bthrottl\w*|\b(burn(ed|t)?|blew|blown|used|went|gone|ran) (thru|through|up|all) (all )?(of )?my( \d+)? ?(data|gb|gigs?|allowance)\b|\b(4g|5g|network|signal|mobile data|connection|internet|data) (is |gets |got |goes |so |really |super |very )*slow\b|\bslow(ed)? (down|data|internet|connection|speed)\b|\b(goes|go|going|went|gets|got|is|becomes) (super |really |so |very |extremely )?slow\b|\bhit (the|my) (data )?(limit|cap|allowance)\b|\bdata (is |was )?(finished|gone|empty)\b|\bdata (is|was) over\b|\b(internet|data|connection) (is |got |gets |went )?(so |super |really |very )?slow\b|\b(speed|data|internet|connection) (has been |have been |was |is |got |gets |been )?(reduced|capped|limited|cut)\b|\breduced speed\b|\b(ran|run) out of data\b|\bdata (is |was )?(all )?used up\b|\bused (up )?(all )?(of )?my data\b|\b(go|going|went|gone) over (my|the) (data|allowance|limit|cap)\b|\bover (my|the) (allowance|limit|data cap)\b|\bdata (cap|limit)\b|\bexceed\w* (my |the )?(data|allowance|limit)\b|\b(more|beyond) (than )?my allowance\b|\bfair use\b|\b(data|gb|gigs?|allowance|bundle) (is |are |has |have |gets |get )?(all )?(gone|finished|used|run out|ran out)\b|\bcut (me |us )?off\b|\b(when|once|after) (my |the )?(\d+ ?gb|data|gb|gigs?|allowance) (runs? out|is gone|are gone|is used|are used|ends)\b|\b(internet|data|connection|4g|5g|network|speed|phone)\b( \w+){0,2} (crawl\w*|sluggish|laggy|lagging|unusable|not loading|wont load|barely (works?|loads?))\b/,
    intent: 'faq',
    // Strong on purpose: a short "data finished" shares its one topic word with roaming and plans.
    weight: 3,
    label: 'going over the data allowance',
    topical: true,
    outweighs: ['tariff', 'billing'],
  },
  // An add-on named by its kind is one of the plans' extras, whatever else its name says.
  {
    pattern:
      /\b(calling|roaming|streaming|talktime|weekend) (pack|bundle)\b|\b(data )?boost(er)?\b|\baddons?\b|\btier \d upgrade\b/,
    intent: 'tariff',
    weight: 2,
    label: 'an add-on',
    topical: true,
    outweighs: ['roaming', 'faq'],
  },
  // When a change may be made is policy ("upgrade in the middle of the cycle"): the FAQ's.
  {
    pattern:
      /\bnotice (period|to (leave|cancel|terminate|end|quit))\b|\b(give|giving|need to give|have to give) notice\b|\bnotice do (i|we) (need|have)\b|\b(mid|middle of (the|my|a)|during (the|my)|halfway through (the|my)|before the end of (the|my)) (billing )?(cycle|period|month|contract|term)\b|\bmid ?(cycle|month|contract|term)\b/,
    intent: 'faq',
    weight: 2,
    label: 'when a change may be made',
    topical: true,
    outweighs: ['tariff'],
  },
  // What the contract allows is policy, whatever plan or bill words come with it: how long it binds,
  // moving to a smaller plan, a fee for leaving early, calls received abroad.
  {
    pattern:
      /\b(minimum|min|shortest) (contract )?(term|length|duration|period|commitment)\b|\bcontract (length|term|duration|period)\b|\bhow long (is|does|will|am i|are we) (my |the )?(contract|commitment|tied|locked|bound)\b|\block ?in period\b|\bdowngrad\w*|\b(early )?(termination|cancellation|exit|leaving) (fee|fees|penalty|penalties|charge)\b|\bpenalt(y|ies)\b|\b(incoming|received|receiving|receive|answer|answering|take|taking|get|getting) (a |the )?(calls?|texts?|sms)\b( \w+){0,5} (abroad|overseas|roaming|outside)\b|\b(receiving|receive|received) (a |the )?(calls?|texts?|sms)\b|\b(abroad|overseas|roaming)\b( \w+){0,5} (incoming|received) (calls?|texts?|sms)\b|\bincoming calls?\b/,
    intent: 'faq',
    // Strong on purpose: a country or a plan named beside it leans to roaming or plans on its own.
    weight: 3,
    label: 'what the contract allows',
    topical: true,
    outweighs: ['tariff', 'roaming', 'billing'],
  },
  // Topping up credit is a how-to, however much the message says about the prepaid plan.
  {
    pattern: /\btop ?-?up\b|\btopping up\b|\badd (credit|balance|money)\b/,
    intent: 'faq',
    weight: 2,
    label: 'topping up',
    topical: true,
    outweighs: ['tariff'],
  },
  // Taking one's number along is porting, whichever verb carries it.
  {
    pattern:
      /\b(bring|take|move|keep|transfer|port) (over )?my (phone |mobile |old |current )?number\b|\bmy number (to|from|with) (another|a new|a different|other|your|you)\b|\bmy (phone |mobile )?number\b( \w+){0,4} (kept|keep|ported|transferred|moved)\b/,
    intent: 'faq',
    weight: 2,
    label: 'porting a number',
    topical: true,
  },
  // Orders only staff could carry out — charges waived, cancelled or refunded, a bill marked paid,
  // credit added — and another customer picked by number: declined, whatever the bill words say.
  {
    pattern:
      /\b(waive|cancel|annul|void|forgive|remove|delete|wipe|write off)\b( \w+){0,3} (charges?|fees?|bills?|invoices?|balance|debt)\b(?! (is|are|was|were|do|does|did|work|works))|^(please |pls |just |now )?(refund|reverse)\b|\b(refund|reverse) (me|us|all|every|those|these)\b|\bmark\b( \w+){0,4} (as )?(paid|settled|cleared|resolved)\b|\b(set|reset|change|bring|put|make)( \w+){0,2} (charges?|fees?|bills?|balance|amounts?)( \w+){0,2} (to )?(zero|0|nothing|free)\b|\b(credit|add|put|give)( me)? (my|the|this) account( with)? \d+|\bcredit (my|the) account\b|\b(data|account|bill|details|usage|number) (of|for|from) (customer|subscriber|client|account) (number |no )?\d+|\b(?<!(my|our) )(customer|subscriber|client) (number |no |#)?\d{3,}\b/,
    intent: 'refusal',
    weight: 3,
    label: 'an order only staff could carry out',
    topical: true,
    outweighs: ['billing', 'roaming', 'tariff'],
  },
  // A phone with no service anywhere is the network's or the settings' doing: a how-to.
  {
    pattern:
      /\b(no|without|lost( the)?|zero) (service|signal|network|reception|bars)\b|\bsays (no|emergency calls only|sos)\b/,
    intent: 'faq',
    weight: 2,
    label: 'no service',
    topical: true,
    outweighs: ['roaming', 'tariff'],
  },
  {
    pattern:
      /\b(data|minutes|allowance|balance|credit) (left|remaining)\b|\bhow much (data|credit|minutes|balance)\b.{0,20}\b(left|remaining|used)\b|\bdata usage\b|\b(left|remaining) (of|on|in) my (data|allowance|minutes|bundle)\b/,
    intent: 'faq',
    weight: 2,
    label: 'data usage',
    topical: true,
    outweighs: ['tariff', 'billing'],
  },
];

/**
 * Words the phrase cues read that are neither everyday English nor in the training set: the typo
 * corrector must take them as written ("crawling" is not a misspelt "calling").
 */
export const PHRASE_WORDS: readonly string[] = [
  'crawling',
  'crawls',
  'sluggish',
  'laggy',
  'lagging',
  'unusable',
  'throttled',
  'throttling',
  'throttle',
  'paypal',
  'tethering',
  'callback',
  'downgrade',
  'downgrading',
  'puk',
];

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
  /^((sorry|no|nope|nah|oops|oh|ah|wait|my bad|pardon|correction|actually|ok|okay)\b[ ,]*)*(i (meant|mean|wanted to say|was asking about|was talking about|meant to say)|meant|i mean|(ich )?meinte|(je )?voulais dire|quise decir|queria decir)\b|^((sorry|no|nope|nah|oops|wait|oh|ah|my bad|correction|actually)\b[ ,]*)+(not \w+ )?(but )?(\w+)?$/;

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
