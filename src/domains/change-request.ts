/**
 * Whether a customer asks the assistant to change something on their account — switch plan, add an
 * add-on, buy a roaming pack — rather than asks about it, in the four languages the offline engine
 * reads. Such a request is answered with a proposal (src/actions/), never carried out by the words
 * alone. Hand-written: a closed list of this service's verbs, which no package carries.
 */

const plain = (text: string): string =>
  text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[’']/g, "'").replace(/\s+/g, ' ');

/** Asking to switch or change plan: "switch me to …", "cámbiame a …", "wechsle zu …", "passer à …". */
const SWITCH =
  /\b(switch|change|move|upgrade|downgrade|put me on|sign me up|i'?ll take|i want|i'?d like|i would like|go for|cambia\w*|pasa(me|rme)? a|quiero|contratar|me gustaria|wechsel\w*|umstellen|umsteigen|stell\w* mich|ich mochte|ich will|ich hatte gern|changer|change[sz]?-moi|passer (a|au)|passe[sz]?-moi|je veux|je voudrais|j'aimerais)\b/;

/**
 * The verbs of buying in the four languages, written out where a stem would find other words
 * ("buch…" is Bucharest too): "buy", "comprar", "kaufen", "buchen", "acheter".
 */
const BUYING = String.raw`buy|purchase|book|compr(a|ar|o|e|as|ame|arme|aria)|kauf(e|en|st|t|te)|buch(e|en|st|t|te)|achet\w*`;

/** Asking to add or buy something: "add the booster", "can I buy a pack?", "añade…", "dazubuchen", "ajouter". */
const ACQUIRE = new RegExp(
  String.raw`\b(${BUYING}|add|activate|get me|subscribe|take|order|i want|i'?d like|i would like|i need|anad\w*|agreg\w*|activ\w*|contrat\w*|quiero|necesito|hinzufug\w*|dazu ?buch(e|en|st|t)?|aktivier\w*|ich mochte|ich will|ich brauche|ajout\w*|souscri\w*|je veux|je voudrais|j'ai besoin)\b`,
);

/** Buying said in so many words: "buy", "purchase", "book", "comprar", "kaufen", "buchen", "acheter". */
const BUY = new RegExp(String.raw`\b(${BUYING}|order|souscri\w*)\b`);

/** Asking how many or how much, in the four languages: a question about figures, not an order. */
const HOW_MUCH =
  /\b(how many|how much|what would|what will|(what'?s|what does|would) (that|it|this) come to|in total|altogether|all together|cuant[oa]s?|en total|juntos|wie viele?|was kostet|was wurden?|was macht|insgesamt|zusammen|combien|quel serait|au total|en tout|ensemble|revient)\b/;

/** How many to buy, asked: "how many packs would I have to buy", "cuántos bonos tengo que comprar". */
const HOW_MANY_TO_BUY = new RegExp(
  String.raw`\b(how many|cuant[oa]s|wie viele|combien)\b( [\w']+){0,5} (${BUYING})\b`,
);

/**
 * True when the message asks about quantities or prices ("I need 6 GB in Spain, how many packs?",
 * "how many packs do I have to buy?") without saying it wants to buy: answered with the figures, not
 * with a proposal.
 */
export const asksHowMuch = (message: string): boolean => {
  const text = plain(message);
  return HOW_MUCH.test(text) && (!BUY.test(text) || HOW_MANY_TO_BUY.test(text));
};

/** True when the message asks to switch to another plan. */
export const asksToSwitch = (message: string): boolean => SWITCH.test(plain(message));

/** True when the message asks to add or buy something (an add-on, a pack). */
export const asksToAcquire = (message: string): boolean => ACQUIRE.test(plain(message));

/** The words of a name that tell it apart ("Data Booster 5GB" → booster): no sizes, no filler. */
const GENERIC = new Set([
  'data',
  'pack',
  'bundle',
  'upgrade',
  'extra',
  'plan',
  'unlimited',
  'international',
  'roaming',
]);
const distinctive = (name: string): string[] =>
  plain(name)
    .split(/[^a-z0-9+]+/)
    .filter((word) => word.length >= 5 && !/\d/.test(word) && !GENERIC.has(word));

/** A name's word and the number after it ("Tier 2 Upgrade" → "tier 2"): how customers shorten it. */
const numbered = (name: string): string[] => {
  const words = plain(name).split(/[^a-z0-9+]+/);
  return words.flatMap((word, i) =>
    /^[a-z]{3,}$/.test(word) && /^\d/.test(words[i + 1] ?? '') ? [`${word} ?${words[i + 1]}`] : [],
  );
};

/** True when the text (plain) names `name`: in full, by a distinctive word's stem, or by its numbered word. */
const names = (text: string, name: string): boolean =>
  text.includes(plain(name)) ||
  distinctive(name).some((word) =>
    new RegExp(`\\b${word.slice(0, Math.max(5, word.length - 3))}`).test(text),
  ) ||
  numbered(name).some((words) => new RegExp(`\\b${words}\\b`).test(text));

/** The first of `names` whose distinctive words the message names (a stem: "boost" finds "Booster"). */
export function namedIn(message: string, candidates: readonly string[]): string | undefined {
  const text = plain(message);
  return (
    candidates.find((name) => text.includes(plain(name))) ?? candidates.find((name) => names(text, name))
  );
}

/**
 * Every one of `candidates` the message names, in their order ("with the booster and the talktime"):
 * a name written in full hides the others its distinctive words would find ("5G Data Boost 10GB"
 * is not also "Data Booster 5GB").
 */
export function allNamedIn(message: string, candidates: readonly string[]): string[] {
  const text = plain(message);
  const full = candidates.filter((name) => text.includes(plain(name)));
  const taken = new Set(full.flatMap(distinctive));
  return candidates.filter(
    (name) =>
      full.includes(name) || (names(text, name) && !distinctive(name).some((word) => taken.has(word))),
  );
}
