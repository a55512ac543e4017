/**
 * The offline engine's understanding of a customer message: its intent and its slots.
 *
 * A message is read once (`analyse`): its language detected and its words glossed into English
 * (languages.ts), normalised, tokenized, typo-corrected against the vocabulary, its slots extracted
 * (countries and months masked for the classifier). Then the decision's declared stages (`STAGES`)
 * run in order until one settles it: a reply to the question just asked, small talk, a follow-up
 * narrowing the last answer, a follow-up, off-topic, a message asked by its slots alone, mostly
 * unknown words; a message none settles goes to the vote (a BM25 nearest-neighbour vote over the
 * training utterances plus weighted cue words and phrases and what the slots lean to). Last, the slots are resolved against
 * the conversation and the language to answer in is chosen. What each domain contributes (examples,
 * cues, phrases, leanings, bill lines) it declares in its folder (DomainModule.understanding); the
 * weights are in tuning.ts; test/unit/offline-understanding.test.ts tests the stages one by one.
 */
import { words as popularWords } from 'popular-english-words';
import { stemmer } from 'stemmer';
import { AGENT_NAMES } from '../../domains/agent-names.ts';
import { DOMAINS, domainModule, HAND_OVER, isDomain, type Domain } from '../../domains/registry.ts';
import type { Turn } from '../../store/conversation-store.ts';
import { monthsAgo, type Slots, type YearMonth } from '../../domains/slots.ts';
import { createIntentClassifier, type IntentClassifier } from './intent-classifier.ts';
import { INTENTS, type Intent } from './intent.ts';
import {
  CAPABILITY_PATTERN,
  CONTINUATION_PATTERN,
  CORRECTION_PATTERN,
  CUE_WORDS,
  FOLLOW_UP_START,
  GOODBYE_PATTERN,
  GREETING_PATTERN,
  PHRASE_CUES,
  PHRASE_WORDS,
  SMALLTALK_WORDS,
  STOP_WORDS,
  THANKS_PATTERN,
} from './lexicon.ts';
import { answerLanguage, detectLanguage, glossToEnglish, type Language } from './languages.ts';
import { normalizeText, tokenize } from './normalize.ts';
import {
  COUNTRY_PLACEHOLDER,
  MONTH_PLACEHOLDER,
  MONTH_WORDS,
  PLACES,
  SLOT_WORDS,
  extractSlots,
  type SlotMentions,
} from './slot-extractor.ts';
import { TRAINING_DATA, type TrainingExample } from './training-data.ts';
import { remembered } from './remembered.ts';
import { monthIndex, sortedUnique } from './request-extractor.ts';
import { createTypoCorrector, type TypoCorrector } from './typo-corrector.ts';
import {
  CLEAR_CUE,
  CONTINUITY_CUE,
  CUE_WEIGHT,
  EVERYDAY_WORDS,
  FULL_CUE,
  HISTORY_TURNS,
  LEANS,
  MIN_SCORE,
  OFF_TOPIC,
  UNKNOWN_SHARE,
} from './tuning.ts';

export type { Intent } from './intent.ts';

/** What kind of small talk a message is, so the reply can fit it. */
export type SmalltalkKind = 'greeting' | 'thanks' | 'goodbye' | 'capabilities';

/** The engine's reading of one message in its conversation. */
export interface Understanding {
  intent: Intent;
  /** The message's slots, merged with the conversation's when it continues the same topic. */
  slots: Slots;
  /** Human-readable: why this intent, e.g. "mentions bill, high and \"last month\"". */
  reason: string;
  /** For `smalltalk`: which kind. */
  smalltalk?: SmalltalkKind;
  /** For `out_of_scope`: the message is a follow-up ("and in Belgium?") with no conversation to follow. */
  needsContext?: boolean;
  /** The language the customer wrote in. */
  language: Language;
  /** The message's words as the engine read them, in English: glossed and typo-corrected. */
  reading: string;
  /** For one part of a message asking several things: that part's words. */
  text?: string;
}

/** Understands messages; built once (the index and vocabulary), cheap per call. */
export interface Understander {
  understand(message: string, history: readonly Turn[], now: Date): Understanding;
  /**
   * The message's parts when it asks several domains at once ("my last bill and roaming in Spain"):
   * one understanding per domain, the whole message's own domain first; otherwise the one reading.
   */
  understandParts(message: string, history: readonly Turn[], now: Date): Understanding[];
}

/** The domain that answers how-to questions (the FAQ), if one is registered. */
const HOW_TO_DOMAIN = DOMAINS.find((domain) => domainModule(domain).understanding.answersHowTo === true);

/**
 * Where a follow-up's slot belongs when the previous domain's tools do not take it: the first domain
 * (in the registry's order) whose tools do ("and in Belgium?" after a bill goes to roaming).
 */
function slotHomeOf(kind: keyof Slots): Domain | undefined {
  return DOMAINS.find((domain) => domainModule(domain).slots.includes(kind));
}
const DOMAIN_BY_AGENT: ReadonlyMap<string, Domain> = new Map(
  DOMAINS.map((domain) => [AGENT_NAMES[domain], domain]),
);

/** A follow-up narrowing the previous answer to one part: "just the roaming part", "only the spotify bit". */
const NARROWING_PATTERN =
  /\b(just|only|merely) (for )?(the |my )?(\w+ ){0,2}(part|bit|line|portion|charges?|items?|amount|one|cost)\b|\b(the |my )?(\w+ ){1,2}(part|bit|line|portion|charges?|items?|amount|cost) (only|alone)\b|\bthe (\w+ ){1,2}(on|in) (it|that|this|that one|this one)\b|\b(what about|how about|and|i mean|i meant) (the |my )?(\w+ ){0,2}(part|bit|line|portion)\b/;

/** A question about what the assistant is: "are you a bot?", "am I talking to a person?". */
const IDENTITY_QUESTION =
  /^(so |ok |okay |wait |hey |hi |hello )?(are|r) (you|u)\b|^(am i|is this) (talking|chatting|speaking)\b/;

/** A how-to question: "how do I…", "how can I…", "how to…". */
const HOW_TO = /\b(how (do|can|could|should|would) (i|we|you)|how to)\b/;

/** A part of a message that points at the time another part named: "back then", "that month". */
const BACK_THEN = /\b(back then|then|that month|the same month|at (that|the) time)\b/;

/** How a correction opens: "no wait", "sorry", "oops". */
const CORRECTION_START = /^((sorry|no|nope|nah|oops|wait|my bad|actually)\b[ ,]*)+/;

/** A pronoun that points back at what the conversation was just about. */
const REFERS_BACK = /\b(it|that|this|that one|this one|one|them|those|these|there|the two|both)\b/;

/** Words that carry no topic of their own in a follow-up: slot words and question fillers. */
const NOT_CONTENT: ReadonlySet<string> = new Set([...SLOT_WORDS, 'what', 'how', 'about', 'then', 'one']);

/** One message taken apart. */
interface Analysis {
  /** The language the customer wrote in; `text` and `terms` are in English whatever it is. */
  language: Language;
  /** The message as the customer wrote it. */
  raw: string;
  /** Typo-corrected tokens joined by spaces: what the rules read. */
  text: string;
  /** Stemmed content terms (countries and months masked): what the classifier reads. */
  terms: string[];
  mentions: SlotMentions;
  /** Tokens left once stop words, small-talk words, placeholders and slot words are gone. */
  contentWords: string[];
}

/**
 * Builds the understander: the vocabulary for typo correction, the cue-word table and the BM25
 * index over `examples` (the shipped training set by default).
 */
export function createUnderstander(examples: readonly TrainingExample[] = TRAINING_DATA): Understander {
  const corrector = createTypoCorrector(
    vocabularyOf(examples),
    new Set(popularWords.getMostPopular(EVERYDAY_WORDS)),
  );
  const stem = remembered(stemmer);
  const cues = stemmedCues();
  const frame = new Set(FRAME_WORDS.map(stem));
  const referenceNow = new Date(Date.UTC(2026, 0, 1));
  const classifier = createIntentClassifier(
    examples.map((example) => ({
      terms: analyse(example.text, referenceNow, corrector, stem).terms,
      intent: example.intent,
    })),
  );
  // A conversation's earlier turns are read again for every follow-up, and a stored turn never
  // changes: what each says about slots is remembered per Turn object (not per text: the same words
  // in another conversation are read afresh), for the month it was read in — "last month" and a
  // bare "October" depend on it — and forgotten with the turn.
  const turnMentions = new WeakMap<Turn, { month: number; mentions: SlotMentions }>();
  const mentionsOfTurn = (turn: Turn, now: Date): SlotMentions => {
    const month = now.getUTCFullYear() * 12 + now.getUTCMonth();
    const remembered = turnMentions.get(turn);
    if (remembered?.month === month) return remembered.mentions;
    const mentions = mentionsOf(turn.content, now, corrector);
    turnMentions.set(turn, { month, mentions });
    return mentions;
  };
  // A part of a message is read in the whole message's language: a short clause says too little.
  const read = (message: string, history: readonly Turn[], now: Date, language?: Language): Reading => {
    const analysis = analyse(message, now, corrector, stem, language ?? answerLanguage(message, history));
    const decision = decide(analysis, history, classifier, cues, frame);
    return { analysis, decision };
  };
  const understandingOf = ({ analysis, decision }: Reading, history: readonly Turn[], now: Date) => ({
    ...decision,
    language: answerLanguage(analysis.raw, history),
    reading: analysis.text,
    slots: slotsFor(decision, analysis, history, now, mentionsOfTurn),
  });
  return {
    understand(message, history, now) {
      return understandingOf(read(message, history, now), history, now);
    },
    understandParts(message, history, now) {
      const whole = understandingOf(read(message, history, now), history, now);
      const clauses = splitClauses(message);
      if (!isDomain(whole.intent) || clauses.length < 2) return [whole];
      // Each clause read on its own; a clause joins the plan when it names a topic of its own (not
      // a follow-up leaning on the clause before: "Spain and Belgium" is one roaming question). A
      // clause that asks nothing of ours ("me voy a Bruselas por curro") is read with the next one.
      // A short clause that leans on the one before with a slot of its domain ("how much in
      // September, how much in October?") is that clause's part.
      const byDomain = new Map<Domain, string[]>();
      let context = '';
      let before: Domain | undefined;
      for (const said of clauses) {
        const clause = context ? `${context} ${said}` : said;
        const { analysis, decision } = read(clause, history, now, whole.language);
        const { intent } = decision;
        context = isDomain(intent) ? '' : clause;
        if (!isDomain(intent)) continue;
        const own = intent === whole.intent || (!decision.followUp && namesTopic(analysis, intent, cues));
        const leans = before !== undefined && leansOn(analysis, before);
        const domain = own ? intent : leans ? before : undefined;
        if (domain === undefined) continue;
        byDomain.set(domain, [...(byDomain.get(domain) ?? []), clause]);
        before = domain;
      }
      // Beside a bill, a clause whose only thing is a bill line ("and was roaming expensive?") asks
      // about that line of the bill, not about another domain — unless a phrase of that domain says
      // what it asks ("how do I turn roaming off").
      const linesTaken = [...byDomain.keys()].some((domain) =>
        domainModule(domain).slots.includes('lineItem'),
      );
      for (const [domain, texts] of byDomain) {
        const { analysis } = read(texts.join(' '), history, now, whole.language);
        const { slots } = analysis.mentions;
        const phrased = PHRASE_CUES.some(
          (phrase) => phrase.intent === domain && phrase.topical && phrase.pattern.test(analysis.text),
        );
        const onlyLine =
          !phrased &&
          slots.lineItem !== undefined &&
          !(Object.keys(slots) as (keyof Slots)[]).some(
            (key) =>
              key !== 'lineItem' && slots[key] !== undefined && domainModule(domain).slots.includes(key),
          );
        if (linesTaken && onlyLine && !domainModule(domain).slots.includes('lineItem'))
          byDomain.delete(domain);
      }
      if (byDomain.size < 2) return [whole];
      // The whole message's domain first: it is the answer's lead and its agent the message's. When
      // no part reads as it (an add-on's name in "the roaming pack" beside a bill), the parts lead.
      const lead = byDomain.has(whole.intent) ? [whole.intent] : [];
      const order = [...lead, ...[...byDomain.keys()].filter((domain) => domain !== whole.intent)];
      return order.map((domain) => {
        const text = (byDomain.get(domain) ?? []).join(' ');
        const { analysis, decision } = read(text, history, now, whole.language);
        const part = understandingOf({ analysis, decision: { ...decision, intent: domain } }, history, now);
        // "and what did 1 GB in Romania cost back then?": the month another part named.
        const { month } = whole.slots;
        const then =
          part.slots.month === undefined &&
          month !== undefined &&
          BACK_THEN.test(analysis.text) &&
          domainModule(domain).slots.includes('month');
        return {
          ...part,
          ...(then && { slots: { ...part.slots, month } }),
          language: whole.language,
          text,
        };
      });
    },
  };
}

/** A message read: its analysis and the decision taken on it. */
interface Reading {
  analysis: Analysis;
  decision: Decision;
}

/**
 * Where a message asking several things divides: after a question mark, a full stop or a
 * semicolon, at a comma, a plus sign or a numbered or bulleted item, and at the connectives that join two requests in each language ("and", "n", "y", "de paso", "und",
 * "et", "pis", "also", "plus"…). A split that leaves one domain is undone by the caller.
 */
const CLAUSE_BOUNDARY =
  /(?<=[?!;])\s+|(?<=\.)\s+(?=\p{L})|\s+[+&]\s+|\s+(?:\d[).:]|[-•*])\s+|[,;]?\s+(?:and also|and|n|also|plus|as well as|y también|y tambien|y de paso|de paso|y otra cosa|otra cosa|y|además|ademas|und auch|und dann|und|außerdem|ausserdem|sowie|et aussi|et puis|et|aussi|ainsi que|puis|pis)\s+|,\s+/iu;

/** A connective a clause opens with once divided ("… rn?? also what did October come to"): not a follow-up's "and". */
const OPENING_CONNECTIVE =
  /^(and also|and|also|plus|y de paso|de paso|y también|y tambien|y otra cosa|y|además|ademas|und auch|und|außerdem|ausserdem|et aussi|et puis|et|aussi|puis|pis)\b[\s,:]*/iu;

function splitClauses(message: string): string[] {
  return message
    .split(CLAUSE_BOUNDARY)
    .map((clause) => clause.trim().replace(OPENING_CONNECTIVE, ''))
    .filter((clause) => clause.length > 0);
}

/**
 * True when a clause names a topic of the domain by itself: a cue word or phrase of it, a slot
 * only that domain's tools take first (a country for roaming, a plan for tariffs), or a month's total
 * ("my October total") when the domain is the first whose tools take months ("compare September and
 * November" may lean on the clause before).
 */
function namesTopic(analysis: Analysis, domain: Domain, cues: CueTable): boolean {
  // A plan named by name is a topic however the clause points ("et le HybridSaver, c'est quel tarif ?").
  if (analysis.mentions.slots.plans !== undefined && slotHomeOf('plans') === domain) return true;
  // A how-to of its own ("how do I cancel if I end up hating it") is the how-to domain's part.
  if (domain === HOW_TO_DOMAIN && HOW_TO.test(analysis.text) && analysis.contentWords.length >= 2)
    return true;
  // "what was it in September?" leans on the clause before: it is that clause's question.
  if (REFERS_BACK.test(analysis.text) && analysis.contentWords.length <= 4) return false;
  if ((scoreCues(analysis, cues).topical.get(domain) ?? 0) >= CLEAR_CUE) return true;
  const { slots } = analysis.mentions;
  if (slots.month !== undefined && slots.measure === 'total' && slotHomeOf('month') === domain) return true;
  return TOPIC_SLOTS.some((key) => slots[key] !== undefined && slotHomeOf(key) === domain);
}

/** True when a clause is little more than slots the domain's tools take: "how much in October?". */
function leansOn(analysis: Analysis, domain: Domain): boolean {
  const { slots } = analysis.mentions;
  const named = (Object.keys(slots) as (keyof Slots)[]).filter((key) => slots[key] !== undefined);
  return (
    named.length > 0 &&
    analysis.contentWords.length <= 3 &&
    named.every((key) => domainModule(domain).slots.includes(key))
  );
}

/** Slots that name a thing of one domain by themselves (a month or a measure could be anyone's). */
const TOPIC_SLOTS: readonly (keyof Slots)[] = ['country', 'countries', 'plans', 'currentPlan', 'planType'];

/**
 * The message's words as the rest of the engine reads them: normalised, tokenized, glossed into
 * English when the customer wrote Spanish, German or French, and typo-corrected. `language` is the
 * one to read it in when known (a message too short to tell takes its conversation's: "sorry, ich
 * mein August" after a German question is German).
 */
function readWords(
  message: string,
  corrector: TypoCorrector,
  language: Language = detectLanguage(message),
): { normalized: string; tokens: string[]; language: Language } {
  const normalized = normalizeText(message);
  const tokens = glossToEnglish(tokenize(normalized), language).map((token) => corrector.correct(token));
  return { normalized, tokens, language };
}

/** What a message says about slots: the part of `analyse` that earlier turns of a conversation need. */
function mentionsOf(message: string, now: Date, corrector: TypoCorrector): SlotMentions {
  const { normalized, tokens } = readWords(message, corrector);
  return extractSlots(normalized, tokens, now);
}

function analyse(
  message: string,
  now: Date,
  corrector: TypoCorrector,
  stem: (word: string) => string,
  language?: Language,
): Analysis {
  const read = readWords(message, corrector, language);
  const { normalized, tokens } = read;
  const mentions = extractSlots(normalized, tokens, now);
  const kept = mentions.masked.filter((token) => token.length > 0 && !STOP_WORDS.has(token));
  return {
    language: read.language,
    raw: message,
    text: tokens.join(' '),
    terms: kept.map(stem),
    mentions,
    contentWords: kept.filter(
      (token) =>
        !SMALLTALK_WORDS.has(token) &&
        token !== COUNTRY_PLACEHOLDER &&
        token !== MONTH_PLACEHOLDER &&
        !NOT_CONTENT.has(token),
    ),
  };
}

type Decision = Omit<Understanding, 'slots' | 'language' | 'reading'> & {
  followUp?: boolean;
  /** A correction ("sorry, I meant October"): it replaces what it names and keeps what was asked. */
  corrects?: boolean;
};

/** What the stages of a decision read: the message taken apart, its conversation, its cues. */
interface Evidence {
  analysis: Analysis;
  history: readonly Turn[];
  classifier: IntentClassifier;
  frame: ReadonlySet<string>;
  cue: CueScores;
  /** The strongest topical cue weight of a domain or a refusal: below CLEAR_CUE, no topic of its own. */
  topicWeight: number;
  /** The topical weight of off-topic words. */
  offTopicWeight: number;
}

/** One stage of the decision: a decision when the stage settles the message, undefined to go on. */
interface Stage {
  name: string;
  decide: (evidence: Evidence) => Decision | undefined;
}

/**
 * The decision's stages, in the order they run: the first that settles a message decides it; a
 * message none settles goes to the vote (`voteDecision`). Each is tested on its own
 * (test/unit/offline-understanding.test.ts).
 */
const STAGES: readonly Stage[] = [
  // A reply to the question just asked ("yes", "no thanks") is read before anything else.
  {
    name: 'a reply to the question asked',
    decide: ({ analysis, history }) => answerDecision(analysis, history),
  },
  { name: 'small talk', decide: smalltalkDecision },
  {
    name: 'a follow-up narrowing the last answer',
    decide: ({ analysis, history }) => narrowingDecision(analysis, history),
  },
  {
    name: 'a follow-up',
    // A correction naming what it corrects is one whatever else it says ("the one with the movies").
    decide: ({ analysis, history, topicWeight, offTopicWeight }) =>
      topicWeight < CLEAR_CUE && (offTopicWeight < CLEAR_CUE || correction(analysis))
        ? followUpDecision(analysis, history)
        : undefined,
  },
  { name: 'off-topic', decide: offTopicDecision },
  { name: 'asked by its slots alone', decide: slotsDecision },
  {
    name: 'mostly unknown words',
    decide: ({ analysis, classifier, frame, topicWeight }) =>
      topicWeight < CLEAR_CUE && mostlyUnknown(analysis, classifier, frame)
        ? { intent: 'out_of_scope', reason: 'most of its words are about nothing this service covers' }
        : undefined,
  },
];

function decide(
  analysis: Analysis,
  history: readonly Turn[],
  classifier: IntentClassifier,
  cues: CueTable,
  frame: ReadonlySet<string>,
): Decision {
  const cue = scoreCues(analysis, cues);
  const evidence: Evidence = {
    analysis,
    history,
    classifier,
    frame,
    cue,
    // A refusal phrase ("waive my charges") is a topic too: such a message is no bare follow-up.
    topicWeight: Math.max(...[...DOMAINS, 'refusal' as const].map((intent) => cue.topical.get(intent) ?? 0)),
    offTopicWeight: cue.topical.get('out_of_scope') ?? 0,
  };
  for (const stage of STAGES) {
    const decision = stage.decide(evidence);
    if (decision) return decision;
  }
  return voteDecision(evidence);
}

function smalltalkDecision({ analysis, cue, topicWeight, offTopicWeight }: Evidence): Decision | undefined {
  const asksForPerson = HAND_OVER !== undefined && cue.phraseIntents.has(HAND_OVER.name);
  const smalltalk = smalltalkKind(analysis, topicWeight, asksForPerson);
  return smalltalk && offTopicWeight === 0
    ? { intent: 'smalltalk', smalltalk, reason: `small talk (${smalltalk})` }
    : undefined;
}

function offTopicDecision({ analysis, cue, topicWeight, offTopicWeight }: Evidence): Decision | undefined {
  // A how-to names what it is about: another company's app or a dish is off-topic on less evidence.
  const offTopicBar = HOW_TO.test(analysis.text) ? CLEAR_CUE : OFF_TOPIC;
  if (topicWeight >= CLEAR_CUE || offTopicWeight < offTopicBar) return undefined;
  return {
    intent: 'out_of_scope',
    reason: `off-topic: mentions ${(cue.words.get('out_of_scope') ?? []).join(', ')}`,
  };
}

/** A message with no topic word of its own that asks something particular of one domain's tools. */
function slotsDecision({ analysis, topicWeight, offTopicWeight }: Evidence): Decision | undefined {
  if (topicWeight >= CLEAR_CUE || offTopicWeight > 0) return undefined;
  const asked = requestHome(analysis.mentions.slots);
  if (asked === undefined) return undefined;
  const { evidence } = analysis.mentions;
  return {
    intent: asked,
    reason:
      evidence.length > 0
        ? `names ${evidence.join(', ')}, which only ${AGENT_NAMES[asked]} answers`
        : `asks what only ${AGENT_NAMES[asked]} answers`,
  };
}

/**
 * The nearest training utterances' vote, plus the cue words and phrases, what the slots lean to and
 * the conversation's continuity, each weighed as tuning.ts says.
 */
function voteDecision({ analysis, history, classifier, cue }: Evidence): Decision {
  const vote = classifier.vote(analysis.terms);
  const continued = continuedDomain(analysis, history, cue);
  let best: Intent = 'out_of_scope';
  let bestScore = 0;
  for (const intent of INTENTS) {
    // What the message names that leans to a domain (a country to roaming, a plan to tariffs), as the
    // domain declares it, unless its words are outweighed.
    const lean =
      isDomain(intent) && !cue.outweighed.has(intent)
        ? domainModule(intent).understanding.leans?.(analysis.mentions.slots)
        : undefined;
    const slotCue = lean === undefined ? 0 : LEANS[lean];
    const continuityCue = intent === continued ? CONTINUITY_CUE : 0;
    const score =
      (vote.shares.get(intent) ?? 0) + CUE_WEIGHT * ((cue.scores.get(intent) ?? 0) + slotCue + continuityCue);
    if (score > bestScore) {
      best = intent;
      bestScore = score;
    }
  }
  // A word no training example has but the lexicon gives its full weight ("escalate this please")
  // is the topic on its own: the vote, with no neighbour to count, cannot lift it over the bar.
  const [cued, cueWeight = 0] =
    [...cue.scores].filter(([intent]) => !cue.outweighed.has(intent)).sort((a, b) => b[1] - a[1])[0] ?? [];
  if (bestScore < MIN_SCORE && vote.topScore === 0 && cued !== undefined && cueWeight >= FULL_CUE)
    return {
      intent: cued,
      reason: classifiedReason(cued, cue.words.get(cued) ?? [], analysis.mentions.evidence),
    };
  if (bestScore < MIN_SCORE)
    return { intent: 'out_of_scope', reason: 'no topic this service covers was recognised' };
  return {
    intent: best,
    reason: classifiedReason(best, cue.words.get(best) ?? [], analysis.mentions.evidence),
  };
}

/**
 * Words that frame a request whatever it is about ("how do I make…", "I want to get…"): they occur
 * in training everywhere, so they say nothing about whether the rest is something we cover.
 */
const FRAME_WORDS = 'how what make get want need know tell find use go can'.split(' ');

/**
 * The domain a message continues: it starts like a follow-up or points back, and names something
 * of the domain that answered last (a cue word, or a slot its tools take).
 */
function continuedDomain(analysis: Analysis, history: readonly Turn[], cue: CueScores): Domain | undefined {
  const previous = previousAgent(history);
  const domain = previous === undefined ? undefined : DOMAIN_BY_AGENT.get(previous);
  if (domain === undefined) return undefined;
  if (!FOLLOW_UP_START.test(analysis.text) && !REFERS_BACK.test(analysis.text)) return undefined;
  const { slots } = analysis.mentions;
  const takes = domainModule(domain).slots;
  const namesSlot = (Object.keys(slots) as (keyof Slots)[]).some(
    (key) => slots[key] !== undefined && takes.includes(key),
  );
  return namesSlot || (cue.scores.get(domain) ?? 0) > 0 ? domain : undefined;
}

/**
 * True when most content words never occur in training: "how do I learn the guitar" shares only
 * "how" with the FAQ examples, which is not enough to call it an FAQ question.
 */
function mostlyUnknown(
  analysis: Analysis,
  classifier: IntentClassifier,
  frame: ReadonlySet<string>,
): boolean {
  // A plan or a bill line named by name is a topic of ours, however odd the words around it.
  const { plans, lineItem } = analysis.mentions.slots;
  if (plans !== undefined || lineItem !== undefined) return false;
  const content = analysis.terms.filter(
    (term) => term !== COUNTRY_PLACEHOLDER && term !== MONTH_PLACEHOLDER && !frame.has(term),
  );
  const unknown = content.filter((term) => !classifier.knows(term)).length;
  return content.length > 0 && unknown / content.length >= UNKNOWN_SHARE;
}

/** Greetings, thanks and farewells with nothing else in them, or "what can you do?". */
function smalltalkKind(
  analysis: Analysis,
  topicWeight: number,
  asksForPerson: boolean,
): SmalltalkKind | undefined {
  const { text, contentWords } = analysis;
  // "how do I do that?" is all pleasantry words, but asks how to do what was just said.
  const noTopic = topicWeight === 0 && !hasSlots(analysis.mentions) && !HOW_TO.test(text);
  const onlyPleasantries = analysis.terms.length > 0 && contentWords.length === 0 && noTopic;
  // "thanks heaps", "hello friend": a pleasantry plus one word we need not know.
  const pleasantryAndAWord =
    noTopic && contentWords.length === 1 && (THANKS_PATTERN.test(text) || GREETING_PATTERN.test(text));
  // "are u a bot or a person" asks what the assistant is; it names a person without asking for one.
  const asksCapabilities =
    CAPABILITY_PATTERN.test(text) && (topicWeight === 0 || (IDENTITY_QUESTION.test(text) && !asksForPerson));
  if (!onlyPleasantries && !pleasantryAndAWord && !asksCapabilities && text.length > 0) return undefined;
  if (asksCapabilities || /\bhelp\b/.test(text)) return 'capabilities';
  if (THANKS_PATTERN.test(text)) return 'thanks';
  if (GOODBYE_PATTERN.test(text)) return 'goodbye';
  return 'greeting';
}

/**
 * A message with no topic words of its own that continues the conversation: it starts like a
 * follow-up ("and…", "what about…"), asks to go on ("why?"), or is little more than a slot
 * ("Belgium?"). It goes to the agent that answered last — unless its slots belong elsewhere.
 */
/**
 * A reply to a question the last answer asked (a yes or no to the consent question, which any
 * agent's answer may end with when it offers a hand-over) goes to the domain that owns the question.
 */
function answerDecision(analysis: Analysis, history: readonly Turn[]): Decision | undefined {
  const last = history.at(-1);
  if (last?.role !== 'assistant') return undefined;
  const domain = DOMAINS.find((candidate) =>
    domainModule(candidate).understanding.answersQuestion?.(analysis.raw, last),
  );
  if (domain === undefined) return undefined;
  return {
    intent: domain,
    followUp: true,
    reason: `answers the question ${last.agent ?? 'the assistant'} asked`,
  };
}

/**
 * A follow-up that narrows the previous answer to one of its parts ("ok and just the roaming part?",
 * "only the spotify bit") stays with the agent that gave it, whatever domain the part's own word
 * suggests: after a bill, "roaming" is a line of that bill.
 */
function narrowingDecision(analysis: Analysis, history: readonly Turn[]): Decision | undefined {
  const { mentions } = analysis;
  if (!NARROWING_PATTERN.test(analysis.text) || mentions.slots.lineItem === undefined) return undefined;
  const previous = previousAgent(history);
  const domain = previous === undefined ? undefined : DOMAIN_BY_AGENT.get(previous);
  if (domain === undefined || !domainModule(domain).slots.includes('lineItem')) return undefined;
  return {
    intent: domain,
    followUp: true,
    reason: `narrows the previous answer of ${previous} to the ${mentions.slots.lineItem} line`,
  };
}

/**
 * A correction of the question before that names what it corrects: "sorry, I meant September",
 * "no wait, the November one".
 */
const correction = ({ text, mentions, contentWords }: Analysis): boolean =>
  hasSlots(mentions) &&
  (CORRECTION_PATTERN.test(text) || (CORRECTION_START.test(text) && contentWords.length <= 4));

function followUpDecision(analysis: Analysis, history: readonly Turn[]): Decision | undefined {
  const { text, mentions } = analysis;
  const corrects = correction(analysis);
  const explicit =
    FOLLOW_UP_START.test(text) ||
    CONTINUATION_PATTERN.test(text) ||
    corrects ||
    mentions.monthShift !== undefined ||
    (mentions.addsMonths === true && previousAgent(history) !== undefined);
  // "how much do I pay for it", "is there one with at least 20 GB": a short question that points
  // back — a follow-up only when there is an answer to point back at.
  // A how-to that points back with no topic of its own ("ok how do I do that?") asks how to do what
  // the answer before described: a how-to for the domain that answers them, whoever gave that answer.
  if (HOW_TO_DOMAIN && HOW_TO.test(text) && REFERS_BACK.test(text) && analysis.contentWords.length <= 2) {
    const before = previousAgent(history);
    if (before !== undefined)
      return { intent: HOW_TO_DOMAIN, followUp: true, reason: `asks how to do what ${before} said` };
  }
  // A how-to that points back ("how do I switch it on?") is a how-to, whatever came before.
  const refersBack =
    REFERS_BACK.test(text) &&
    !HOW_TO.test(text) &&
    analysis.contentWords.length <= 4 &&
    previousAgent(history) !== undefined;
  const slotOnly = hasSlots(mentions) && analysis.contentWords.length <= 1;
  // An explicit follow-up that names a slot ("ok and in Romania? my husband goes there every summer")
  // stays a follow-up whatever chatter comes with it: this runs only when no topic word is clear.
  const explicitFollowUp = explicit && (analysis.contentWords.length <= 3 || hasSlots(mentions));
  if (!explicitFollowUp && !slotOnly && !refersBack) return undefined;
  const previous = previousAgent(history);
  if (previous === undefined) {
    // "Belgium?" alone can still be classified; "and the month before?" cannot.
    return explicit
      ? {
          intent: 'out_of_scope',
          needsContext: true,
          reason: 'a follow-up with no earlier question to follow',
        }
      : undefined;
  }
  const previousDomain = DOMAIN_BY_AGENT.get(previous);
  if (previousDomain === undefined) return undefined;
  const said = mentions.evidence.length > 0 ? ` with ${mentions.evidence.join(', ')}` : '';
  const home = slotHome(mentions.slots, previousDomain, text);
  if (home !== previousDomain) {
    return {
      intent: home,
      followUp: true,
      corrects,
      reason: `follow-up${said}, which ${AGENT_NAMES[home]} answers rather than ${previous}`,
    };
  }
  return { intent: previousDomain, followUp: true, corrects, reason: `follow-up to ${previous}${said}` };
}

/** The domain a follow-up's slots belong to: the previous one if any slot fits it. */
function slotHome(slots: Slots, previous: Domain, text: string): Domain {
  const named = (Object.keys(slots) as (keyof Slots)[]).filter((key) => slots[key] !== undefined);
  const takes = domainModule(previous).slots;
  // A domain whose tools take no slots (the FAQ) keeps its follow-ups — they are more questions to
  // it — unless the follow-up asks what something costs there ("and how much in Barcelona?").
  const asksPrice = /\b(how much|cost|costs|price|prices|rate|rates|charge|charges|expensive|cheap)\b/.test(
    text,
  );
  if (named.length === 0 || named.some((key) => takes.includes(key))) return previous;
  if (takes.length === 0 && !asksPrice) return previous;
  const first = named[0];
  return (first === undefined ? undefined : slotHomeOf(first)) ?? previous;
}

/** Slots that ask for something particular: a threshold, several months, a bill line, a plan search. */
const REQUEST_SLOTS: ReadonlySet<keyof Slots> = new Set([
  'threshold',
  'months',
  'everyBill',
  'lineItem',
  'constraints',
  'plans',
  'currentPlan',
  'dataNeedGb',
]);

/**
 * The domain a message with no topic words of its own asks, by its slots alone ("was October under
 * 75 y/n", "total for Sept to Nov?", "min 20 GB and 5G under 40"): the first domain whose tools
 * take every slot named, when one of them asks for something particular.
 */
function requestHome(slots: Slots): Domain | undefined {
  // A price ceiling is read both as a threshold and as a plan's price; a threshold asked of a
  // month ("was October under 75") is a bill's.
  const named = (Object.keys(slots) as (keyof Slots)[]).filter(
    (key) =>
      slots[key] !== undefined &&
      !(key === 'constraints' && slots.measure === 'threshold' && slots.constraints?.minDataGb === undefined),
  );
  if (!named.some((key) => REQUEST_SLOTS.has(key))) return undefined;
  return DOMAINS.find((domain) => named.every((key) => domainModule(domain).slots.includes(key)));
}

function previousAgent(history: readonly Turn[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i];
    if (turn?.role === 'assistant' && turn.agent !== undefined && DOMAIN_BY_AGENT.has(turn.agent))
      return turn.agent;
  }
  return undefined;
}

const hasSlots = (mentions: SlotMentions): boolean =>
  mentions.monthShift !== undefined || Object.values(mentions.slots).some((value) => value !== undefined);

/**
 * The slots to act on. A message that continues the previous topic inherits the slots of the
 * earlier user turns (newer ones override older ones; "the month before" moves from the month
 * already discussed); any other message stands on its own.
 */
function slotsFor(
  decision: Decision,
  analysis: Analysis,
  history: readonly Turn[],
  now: Date,
  mentionsOfTurn: (turn: Turn, now: Date) => SlotMentions,
): Slots {
  const previous = previousAgent(history);
  const continues =
    decision.followUp === true ||
    (previous !== undefined && DOMAIN_BY_AGENT.get(previous) === decision.intent);
  let slots: Slots;
  if (!continues) slots = resolve({}, analysis.mentions, now);
  else {
    let context: Slots = {};
    for (const turn of topicTurns(history, decision.intent))
      context = resolve(context, mentionsOfTurn(turn, now), now);
    slots = resolve(context, analysis.mentions, now, decision.corrects === true);
  }
  // A domain whose data holds months gone by only (roaming rates): a month still to come (a trip next
  // month) pays the rates in force, the latest.
  const { month } = slots;
  if (
    isDomain(decision.intent) &&
    domainModule(decision.intent).understanding.pastMonthsOnly === true &&
    month !== undefined &&
    monthIndex(month) > monthIndex(monthsAgo(now, 0))
  )
    delete slots.month;
  return slots;
}

/**
 * The user turns of the conversation's latest run on this topic, oldest first: the ones the same
 * domain's agent answered, back to the first turn another agent answered. Slots from an earlier topic
 * (a billing month, say) must not leak into this one.
 */
function topicTurns(history: readonly Turn[], intent: Intent): Turn[] {
  const turns: Turn[] = [];
  for (let i = history.length - 1; i > 0 && turns.length < HISTORY_TURNS; i--) {
    const answer = history[i];
    const question = history[i - 1];
    if (answer?.role !== 'assistant' || question?.role !== 'user') continue;
    if (answer.agent === undefined || DOMAIN_BY_AGENT.get(answer.agent) !== intent) break;
    turns.unshift(question);
    i--;
  }
  return turns;
}

/**
 * What a follow-up keeps of the conversation: its entities, unless it names new ones of the same
 * kind ("and in Romania?" replaces the countries compared before). What the earlier question asked
 * for (a total, a threshold, a search) is kept only by a follow-up that narrows it to a bill line
 * ("just the roaming part") or corrects it ("no, from September to November" keeps the average).
 */
function carried(context: Slots, slots: Slots, corrects = false): Slots {
  const kept: Slots = { ...context };
  if (slots.country !== undefined) delete kept.countries;
  if (slots.month !== undefined) delete kept.months;
  // "and the unlimited one?" after two plans compared asks about that one alone.
  if (slots.plans !== undefined || slots.planType !== undefined) delete kept.plans;
  if (slots.lineItem === undefined && !corrects) {
    delete kept.measure;
    delete kept.threshold;
    delete kept.constraints;
  }
  return kept;
}

function resolve(context: Slots, mentions: SlotMentions, now: Date, corrects = false): Slots {
  const merged: Slots = { ...carried(context, mentions.slots, corrects), ...mentions.slots };
  if (mentions.slots.planType !== undefined && mentions.slots.currentPlan === undefined)
    delete merged.currentPlan;
  if (mentions.slots.currentPlan !== undefined && mentions.slots.planType === undefined)
    delete merged.planType;
  if (mentions.monthShift !== undefined)
    merged.month = shiftMonth(context.month ?? monthsAgo(now, 0), mentions.monthShift);
  if (mentions.addsMonths === true) {
    const before = context.months ?? (context.month === undefined ? [] : [context.month]);
    const named = mentions.slots.months ?? (mentions.slots.month === undefined ? [] : [mentions.slots.month]);
    const months = sortedUnique([...before, ...named]);
    if (months.length >= 2) merged.months = months;
  }
  return merged;
}

const shiftMonth = ({ year, month }: YearMonth, shift: number): YearMonth => {
  const index = year * 12 + month - 1 + shift;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
};

function classifiedReason(intent: Intent, words: readonly string[], evidence: readonly string[]): string {
  const label = intent.replace('_', ' ');
  const parts = [
    words.length > 0 ? `mentions ${[...new Set(words)].join(', ')}` : `reads like the ${label} examples`,
    ...evidence,
  ];
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}` : (parts[0] ?? '');
}

/** Stemmed cue word → the intents it points to, with weights and the word as written. */
type CueTable = ReadonlyMap<string, readonly { intent: Intent; weight: number; word: string }[]>;

function stemmedCues(): CueTable {
  const table = new Map<string, { intent: Intent; weight: number; word: string }[]>();
  for (const [intent, words] of Object.entries(CUE_WORDS) as [Intent, Record<string, number>][]) {
    for (const [word, weight] of Object.entries(words)) {
      const key = stemmer(word);
      const entries = table.get(key) ?? [];
      if (!entries.some((entry) => entry.intent === intent)) entries.push({ intent, weight, word });
      table.set(key, entries);
    }
  }
  return table;
}

interface CueScores {
  /** Per intent: the summed weight of its cue words and phrases. */
  scores: Map<Intent, number>;
  /** The same, counting only cues that name a topic (not "how do I…"). */
  topical: Map<Intent, number>;
  /** Per intent: the cue words and phrases found, for the reason. */
  words: Map<Intent, string[]>;
  /** Intents whose words a phrase found reads otherwise (see PHRASE_CUES `outweighs`). */
  outweighed: ReadonlySet<Intent>;
  /** The intents a phrase found points to ("asking for a person" → ticket). */
  phraseIntents: ReadonlySet<Intent>;
}

function scoreCues(analysis: Analysis, cues: CueTable): CueScores {
  const found = PHRASE_CUES.filter(({ pattern }) => pattern.test(analysis.text));
  // A phrase outweighs another's too ("the international calling pack" is an add-on, not a call
  // abroad), unless each outweighs the other.
  const phrases = found.filter(
    (phrase) =>
      !found.some(
        (other) =>
          other !== phrase &&
          (other.outweighs ?? []).includes(phrase.intent) &&
          !(phrase.outweighs ?? []).includes(other.intent),
      ),
  );
  const outweighed = new Set(phrases.flatMap((phrase) => phrase.outweighs ?? []));
  const scores = new Map<Intent, number>();
  const words = new Map<Intent, string[]>();
  for (const term of analysis.terms) {
    for (const { intent, weight, word } of cues.get(term) ?? []) {
      if (outweighed.has(intent)) continue;
      scores.set(intent, (scores.get(intent) ?? 0) + weight);
      words.set(intent, [...(words.get(intent) ?? []), word]);
    }
  }
  const topical = new Map(scores);
  for (const { intent, weight, label, topical: namesTopic } of phrases) {
    scores.set(intent, (scores.get(intent) ?? 0) + weight);
    if (namesTopic) topical.set(intent, (topical.get(intent) ?? 0) + weight);
    words.set(intent, [...(words.get(intent) ?? []), label]);
  }
  return {
    scores,
    topical,
    words,
    outweighed,
    phraseIntents: new Set(phrases.map((phrase) => phrase.intent)),
  };
}

/** Word → how often it occurs: the training set, the lexicon, countries, months and slot words. */
function vocabularyOf(examples: readonly TrainingExample[]): Map<string, number> {
  const frequencies = new Map<string, number>();
  const add = (word: string, count = 1): void => {
    frequencies.set(word, (frequencies.get(word) ?? 0) + count);
  };
  for (const example of examples) for (const token of tokenize(normalizeText(example.text))) add(token);
  for (const words of Object.values(CUE_WORDS)) for (const word of Object.keys(words)) add(word, 5);
  for (const key of PLACES.keys()) for (const word of key.split(' ')) add(word, 2);
  for (const word of [...MONTH_WORDS, ...SLOT_WORDS, ...SMALLTALK_WORDS, ...STOP_WORDS, ...PHRASE_WORDS])
    add(word, 2);
  return frequencies;
}
