/**
 * The guardrails every message passes before any engine sees it. The planner runs its list of
 * checks first (`new PlannerAgent({ guardrails })`, as openai-agents-js runs input guardrails),
 * whichever engine is configured, so a message a check stops is answered politely with no model
 * call, no tool call and nothing about the instructions revealed. Rules are cheap, deterministic and
 * cannot be talked out of their decision.
 *
 * Two outcomes: `refused` (jailbreak and prompt-injection attempts, other people's data, staff
 * impersonation) and `off_topic` (requests that turn the service into a general-purpose writer or
 * coder: they are not customer service, and each would cost a model call). Subtler off-topic
 * questions are left to the engines, which decline them the same way (a `decline` decision).
 */
import { customerText } from '../core/customer-texts.ts';
import { capabilities } from '../domains/registry.ts';
import type { DeclineReason } from '../engines/engine.ts';
import { detectLanguage, glossToEnglish, type Language } from '../engines/offline/languages.ts';
import { normalizeText, tokenize } from '../engines/offline/normalize.ts';

/** The one reply table for declined messages, whoever declined them: a guardrail or an engine. Names no instruction. */
export const DECLINE_REPLIES: Readonly<Record<DeclineReason, string>> = {
  refused: declineReply('refused', 'en'),
  off_topic: declineReply('off_topic', 'en'),
  third_party: declineReply('third_party', 'en'),
};

/**
 * The reply to a declined message in the customer's language (DECLINE_REPLIES in English): what the
 * service does is the domains' capability lines.
 */
export function declineReply(reason: DeclineReason, language: string): string {
  return customerText(`decline.${reason}`, { topics: capabilities(language) }, language);
}

/** A check that stopped a message: which rule, and why. */
export interface GuardrailTrip {
  reason: DeclineReason;
  rule: string;
}

/** One input guardrail: looks at the customer's message and stops it, or lets it through (undefined). */
export interface Guardrail {
  name: string;
  check(message: string): GuardrailTrip | undefined;
}

/**
 * A guardrail that reads each sentence of a message on its own: once punctuation is gone, "…where
 * that is. My daughter typed…" must not read as "that is my daughter", nor "500 minutes. Mon chum
 * dit…" as "the minutes of my boyfriend".
 */
function bySentence(guardrail: Guardrail): Guardrail {
  return {
    name: guardrail.name,
    check: (message) => {
      for (const sentence of message.split(SENTENCE_END)) {
        const trip = sentence.trim() === '' ? undefined : guardrail.check(sentence);
        if (trip) return trip;
      }
      return undefined;
    },
  };
}

/** Where a sentence ends: a full stop, question or exclamation mark followed by a space, or a new line. */
const SENTENCE_END = /(?<=[.!?])\s+|\n+/;

/** A guardrail of named rules: the first that matches stops the message. */
function ruleGuardrail(
  name: string,
  reason: DeclineReason,
  rules: readonly { name: string; pattern: RegExp }[],
  read: (message: string) => string = (message) => message,
): Guardrail {
  return {
    name,
    check(message) {
      const text = read(message);
      const rule = rules.find(({ pattern }) => pattern.test(text));
      return rule ? { reason, rule: rule.name } : undefined;
    },
  };
}

/**
 * The message as the normalised rules read it: lower case, accents and punctuation gone, typos kept,
 * Spanish, German and French glossed into English (so "la factura de mi esposa" is "my wife's bill").
 */
const reading = (() => {
  // Three guardrails read the same message this way, one after another: the text is glossed once
  // per message, not once per use (its language is detected once however many ask: languages.ts).
  let last: { message: string; text: string; language: Language } | undefined;
  return (message: string): { text: string; language: Language } => {
    if (last?.message !== message) {
      const language = detectLanguage(message);
      last = {
        message,
        language,
        text: glossToEnglish(tokenize(normalizeText(message)), language).join(' '),
      };
    }
    return last;
  };
})();
const normalised = (message: string): string => reading(message).text;

/** Rules read on the raw text, where line breaks and role markers are still visible. */
const RAW_INJECTION_RULES = [
  {
    name: 'override previous instructions',
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+)?(of\s+)?(the\s+|your\s+|these\s+|those\s+)?(previous\s+|prior\s+|above\s+|earlier\s+|system\s+|original\s+|safety\s+)?(instructions?|rules|prompts?|guidelines|directives|restrictions)\b/i,
  },
  {
    name: 'reveal the system prompt',
    pattern:
      /\b(reveal|show|print|repeat|display|tell me|what (is|are))\b.{0,30}\b(system|hidden|initial|original)\s+(prompt|instructions)\b/i,
  },
  {
    name: 'jailbreak persona',
    pattern: /\b(jailbreak|jailbroken|DAN mode|do anything now|developer mode)\b/i,
  },
  {
    name: 'unrestricted role-play',
    pattern:
      /\b(pretend|act|behave)\b.{0,30}\b(no|without)\s+(restrictions?|rules|limits|filters?|guidelines)\b/i,
  },
  {
    name: 'fake system message',
    pattern:
      /(^|\n)\s*\[?(system|assistant|developer|tool|admin|operator)( (note|message|notice|update|override|output|result|response))?\]?\s*:|\[(system|assistant|developer|tool|admin|operator)( \w+)?\]|\b(tool|function) (result|output|response)\s*:|<\|?(system|im_start|im_end)\|?>/i,
  },
  { name: 'fake tool output', pattern: /<\/?tool_output\b/i },
];

/**
 * Prompt-injection and jailbreak attempts, requests for data that is not the customer's, and staff
 * impersonation, read on the normalised text. Any match is refused, whatever domain words the
 * message also has.
 */
const NORMALISED_INJECTION_PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass|abandon)\b( \w+){0,4} (instructions?|rules|prompts?|directions|guidelines|constraints|programming|guardrails|restrictions|training)\b/,
  /\b(system|hidden|initial|secret|original|internal|developer|base) (prompt|instructions?|message|rules|config(uration)?)\b/,
  /\b(print|show|reveal|tell|repeat|output|display|dump|leak|give|share|expose|paste|list|spell out|what (are|is|were))\b.{0,30}\b(your|the|its) (instructions|prompt|rules|configuration|guidelines|directives)\b/,
  /\b(you are now|from now on,? you|act as (an? )?(unrestricted|unfiltered|evil|different|new|admin|developer|root)|pretend (to be|you are|that you)|roleplay as|role play as|simulate (an?|being))\b/,
  /\b(developer|dan|god|admin|debug|maintenance|jailbreak|sudo) mode\b/,
  /\b(jailbreak|jailbroken|do anything now|prompt injection|no (restrictions|filters|limits|rules))\b/,
  /\bwithout (any )?(restrictions|filters|rules|limits|guardrails|censorship)\b/,
  /\b(api|secret|access|private) keys?\b|\b(credentials|passwords?) (of|for|from)\b/,
  /\b(dump|export|drop|delete|select \*|read) .{0,20}\b(database|tables?|db|users)\b/,
  /\b(execute|run|eval) (this|the following|arbitrary|a|some)? ?(code|command|script|shell|sql|query)\b/,
  /<\/?(system|assistant|instructions?)>|\[(system|inst)\]|#{3,}\s*(system|instruction)/,
  /\b(forget|ignore|disregard) (everything|all|anything|what) (you (were|have been|ve been|got) (told|taught|given)|above|before)\b/,
  // A decision claimed as already taken, for the assistant to confirm: "refund of 500 EUR approved"
  // (asking whether one was is a question, not a claim).
  /^(?!(was|is|has|have|did|when|will|where|why|how)\b).*\b(refund|credit|compensation|discount|waiver)( of)? \d+( \w+){0,2} (has been |was |is )?(approved|confirmed|granted|authori[sz]ed|processed|issued|owed|due)\b|\b(tool|function|api) (result|output|response) (says|shows|confirms)\b/,
  /\bhow (to|do i|can i|could i) (hack|break into|steal|spy on|clone|intercept)\b/,
  /\bnew instructions\b|\bupdated instructions\b|\boverride (mode|code)\b/,
  // Staff impersonation: claims of working for the operator, or orders only staff could give —
  // waiving or zeroing charges, codes that authorise it, skipping verification, giving orders.
  /\bi (work|am working) (in|for|at) (your|the) (billing|support|customer|it|tech|sales)|\b(staff|employee|agent|admin) (id|number|badge)\b|\bagent mode\b/,
  /\bwaive (all |the |my |every |any )?(outstanding |remaining |open )?(charges?|fees?|bills?|balance)\b/,
  /\b(set|reset|change|bring|put) (all |every )?(the |my |this |these |his |her |their )?(charges?|fees?|bills?|balance|amounts?)\b( \w+){0,4} (to )?(zero|0|nothing)\b/,
  /\b(authori[sz]ation|override|admin|manager|supervisor) code\b|\bno (verification|authentication|id check)( is)? (needed|required|necessary)\b|\bi ?m ordering you\b|\bi (order|command) you\b/,
];

/**
 * Other people's data: a conversation is one customer's, so a third person's bill, plan, usage or
 * number is never theirs to see, however the request is put — named before the data ("my wife's
 * bill"), after it ("the call history of my ex"), as a question about them ("what plan is my son
 * on"), by a claim to act for them ("account 4471-220, I'm his employer") or by a number to trace.
 */
const RELATION = String.raw`(wife|husband|spouse|partner|son|daughter|kids?|child|children|mum|mom|mother|dad|father|parents?|brother|sister|grandma|grandmother|grandpa|grandfather|friend|mate|buddy|pal|girlfriend|boyfriend|fiance|fiancee|employees?|employer|staff|workers?|tenant|roommate|flatmate|uncle|aunt|cousin|nephew|niece|neighbou?r|ex|exwife|exhusband|boss|colleague|coworker|landlord|stranger|mother ?in ?law|father ?in ?law)`;
const PERSONAL_DATA = String.raw`(bills?|invoices?|accounts?|plans?|tariffs?|usage|data usage|numbers?|call (history|logs?)|calls|texts|messages|balance|charges|contract|statements?|location|pin|puk|password|details|records|breakdown)`;
const THIRD_PARTY_PATTERNS: readonly RegExp[] = [
  /\b(list|show|give|find|send|export|tell)( me| us)? (all|every|the|other) (customers?|users?|subscribers?|clients?|people) (who|that|with|in|from|living|whose)\b/,
  /\b(another|other|all( the)?|every|someone elses?|somebody elses?) (customers?|users?|persons?|subscribers?|people) ?s? (bills?|data|accounts?|details|numbers?|info|information|records|invoices|usage|addresses)\b/,
  /\b(bills?|invoices?|data|accounts?|details|numbers?|usage|records) (of|for|from|belonging to) (another|other|a different|someone|somebody|all( the)?|every) (customers?|users?|person|people|subscribers?|clients?)\b/,
  /\b(someone|somebody) elses? (bills?|account|number|data|invoice|usage)\b/,
  // Someone else's account: a third person's bill, account or usage is never this customer's to see,
  // whether named before it ("my neighbour's bill") or after ("the call history of my ex's number").
  /\b(neighbou?rs?|exs?|ex ?(wife|husband|partner|girlfriend|boyfriend)s?|boss(es)?|colleagues?|coworkers?|landlords?|strangers?) (bills?|accounts?|invoices?|usage|call (history|logs?)|texts|messages|location|records|details|breakdown)\b/,
  /\b(bills?|accounts?|invoices?|usage|call (history|logs?)|texts|messages|location|records) (of|for|from|on|belonging to) (my |his |her |their |the |a )?(neighbou?rs?|exs?|ex ?(wife|husband|partner|girlfriend|boyfriend)s?|boss(es)?|colleagues?|coworkers?|landlords?|strangers?)\b/,
  /\b(his|her|their) ([a-z]+ )?(bills?|accounts?|invoices?|call (history|logs?)|texts|messages|location|roaming|charges|data usage)\b/,
  /\b(plan|tariff|package|contract) (is|does|has) (he|she|they) (on|have|got|using)\b/,
  /\bi ?(m|am) (a |an )?(police|policeman|policewoman|officer|detective|investigator|lawyer|solicitor|bailiff|journalist|judge)\b/,
  /\b(the|a|this|that) (customer|subscriber|user|person|owner) (on|with|behind|using|of) (the |this |that |number )*\d/,
  /\bits (my |the )?(exs?|neighbou?rs?|bosss?|colleagues?) ?(number|phone|line|bill|account)?\b/,
  new RegExp(
    String.raw`\b(its|it is|thats|that is|this is) (my |our )(ex )?${RELATION}s? ?(number|phone|line|bill|account|sim)?\b`,
  ),
  /\bhow much (did|does|has|do) (?!i\b|we\b|my\b|you\b|it\b|that\b|this\b|roaming\b)[a-z]+( [a-z]+)? (pay|paid|spend|spent|owe)\b/,
  new RegExp(
    String.raw`\b(my|our) (ex )?${RELATION}s? (current |last |latest |monthly |mobile |phone )?${PERSONAL_DATA}\b`,
  ),
  new RegExp(
    String.raw`\b(bills?|invoices?|accounts?|usage|data usage|call (history|logs?)|texts|messages|balance|charges|statements?|location|password|records) ((of|for|from|on|belonging to) )?(my|our) (ex )?${RELATION}s?\b`,
  ),
  new RegExp(
    String.raw`\b(plan|tariff|package|contract) (is|does|has) (my|our) ${RELATION}s? (on|have|got|using)\b`,
  ),
  // "le forfait de mon mari", glossed "the plan of my husband": a plan of someone's, not one for them.
  new RegExp(
    String.raw`\b(plans?|tariffs?|packages?|contracts?) (of|belonging to) (my|our) (ex )?${RELATION}s?\b`,
  ),
  new RegExp(
    String.raw`\b(what|how much) (did|does|do|has|have) (my|our) (ex )?${RELATION}s? (pay|paid|spend|spent|owe|use|used)\b`,
  ),
  new RegExp(
    String.raw`\b(i ?m|i am|im) (his|her|their) (${RELATION}|employer|manager|parent|guardian|lawyer|accountant|carer)\b`,
  ),
  new RegExp(
    String.raw`\b(his|her|their) (current |last |latest )?(plans?|tariffs?|usage|numbers?|balance|charges|password|pin|contract)\b`,
  ),
  /\b(who|whose) (this|that|the) (number|phone|line) (is|belongs)\b|\bwho (owns|is behind|uses|has) (this|that|the) (number|phone|line)\b|\b(look|find|trace) (up )?(who|whose|the owner)\b/,
  new RegExp(String.raw`\b${PERSONAL_DATA} of (all )?(the |my |our )?(employees|staff|workers|team|lines)\b`),
];

/**
 * Another person's account, understood rather than matched phrase by phrase: a message is about
 * someone else when it names another person — a relative or partner in any of the four languages
 * (with a possessive: "my husband", "mi marido", "meines Mannes", "ma copine"), a claim to act for
 * them ("I'm her mother", "soy la madre de …"), a customer or account number that is not the
 * caller's own, a phone number that is not "my number" — and asks about that person's account data
 * (a bill, plan, usage, roaming, charges, a number), or it is a bare follow-up naming them ("and for my
 * wife?", "y la de mi marido?"), which would take the previous question's topic. Travelling
 * together ("my wife and I are going to Spain") is the caller's own question. Read on the text
 * normalised and on its English gloss, so a word the gloss does not know still counts.
 *
 * This keeps answers polite and on point; the privacy of other accounts does not rest on it: the
 * tools read only the signed-in customer's account, whatever a message says.
 */
const OTHER_PERSON = String.raw`(${RELATION.slice(1, -1)}|madre|padre|mama|papa|hijo|hija|hijos|esposa|esposo|marido|mujer|novia|novio|pareja|hermano|hermana|abuela|abuelo|amigo|amiga|vecino|vecina|jefe|jefa|suegra|suegro|mutter|vater|mutti|sohn|sohnes|tochter|frau|mann|mannes|ehemann|ehefrau|ehemannes|freundin|freund|freundes|bruder|bruders|schwester|oma|opa|nachbar|nachbarin|chef|chefin|partnerin|mere|pere|fils|fille|femme|mari|copine|copain|frere|soeur|grandmere|grandpere|ami|amie|voisin|voisine|patron|conjoint|conjointe|compagne|compagnon|blonde|chum|mitbewohner|mitbewohnerin|colocataire|flatmate|roommate|housemate)`;
const POSSESSIVE = String.raw`(my|our|mi|mis|nuestra|nuestro|mein|meine|meines|meiner|meinem|unser|unsere|ma|mon|mes|notre|his|her|their|su|sein|seine|ihr|ihre|son|sa|ses)`;
const ACCOUNT_DATA = String.raw`(lines?|linea|ligne|bills?|invoices?|factura|facturas|rechnung|rechnungen|facture|factures|plans?|tariffs?|tarif|tarifa|forfait|vertrag|contrato|contrat|contract|roaming|itinerancia|usage|consumo|verbrauch|consommation|charges?|cargos|gebuhren|frais|numbers?|numero|nummer|accounts?|cuenta|konto|compte|balance|saldo|solde|data|datos|daten|donnees|paid|pay|pays|spend|spent|pago|pagado|gastado|bezahlt|gezahlt|paye|depense|minutes|minutos|sms|usage)`;
const THIRD_PARTY_UNDERSTANDING = {
  /**
   * Their account data: a data word just after the person ("my husband's bill", "mi marido su
   * factura") or the person just after a data word ("the bill of my husband", "la factura de mi
   * marido", "die Rechnung meines Mannes", "le forfait de ma copine", "que plan tiene mi mujer"),
   * their own data wanted ("ma mère veut connaître sa facture"), or what the person used or paid
   * ("how much roaming did my daughter use", "cuánto usó mi hijo").
   */
  person: new RegExp(
    String.raw`\bhow much (has|did|does|have|do) ${POSSESSIVE} (ex )?${OTHER_PERSON}s? (\w+ ){0,6}(paid|pay|spent|spend|used|use)\b|\b${POSSESSIVE} (ex )?${OTHER_PERSON}s? (\w+ ){0,12}(paid|pay|pago|pagado|gasto|uso|bezahlt|gezahlt|paye|depense|spent|used) (she|he|they|ella|el|sie|er|elle|il)\b|\b${POSSESSIVE} (ex )?${OTHER_PERSON}s? (\w+ ){0,12}(le|les) (salio|costo|cobraron|cobran|cobro|sale)\b|\b${POSSESSIVE} (ex )?${OTHER_PERSON}s? (\w+ ){0,12}(she|he|they|ella|el|sie|er|elle|il) (pays|paid|pay|zahlt|bezahlt|paye|paga|pago)\b|\b${POSSESSIVE} (ex )?${OTHER_PERSON}s? (\w+ ){0,2}${ACCOUNT_DATA}\b|\b${POSSESSIVE} (ex )?${OTHER_PERSON}s? (\w+ ){0,12}(her|his|their|su|sus|sa|son|ses|ihre|ihren|seine|seinen) ${ACCOUNT_DATA}\b|\b(did|does|do|has|have) ${POSSESSIVE} (ex )?${OTHER_PERSON}s? (\w+ )?(use|used|spend|spent|pay|paid|owe|get charged|been charged)\b|\b(use|used|spent|paid) (by )?${POSSESSIVE} (ex )?${OTHER_PERSON}s?\b|\b${ACCOUNT_DATA}( (of|de|del|von|du|des|di|is|has|does|tiene|usa|hat|a))?( (the|la|el|le|die|der|das))? ${POSSESSIVE} (ex )?${OTHER_PERSON}s?\b`,
  ),
  /** Acting for someone: "I'm her mother", "soy la madre de", "ich bin die Mutter von", "je suis la mère de". */
  actingFor: new RegExp(
    String.raw`\b(i ?m|i am|soy|ich bin|je suis)( (the|la|el|die|der|le|his|her|their|su|sa|son|seine|ihre|[a-z]+s))? ${OTHER_PERSON}\b`,
  ),
  /** A customer or account named by its number or id ("customer 4711", "Kunde 4711", "cust-00042"). */
  numbered:
    /\b(customer|client|cliente|kunde|kunden|kundin|subscriber|abonne|abonado|account|cuenta|konto|compte)( (number|nr|no|nummer|numero|n))? ?#?\d{3,}\b|\bcust ?\d{3,}\b/,
  /** A phone number: eight or more digits, in groups or not (a date such as "11 2026" has six). */
  phone: /\+?\d( ?\d){7,}/,
  /** The caller's own number or account: "my number is …", "mi número", "meine Kundennummer". */
  own: /\b(my|mi|mein|meine|meiner|ma|mon)( (customer|client|cliente|kunden|account|phone|mobile))? ?(number|numero|nummer|line|linea|ligne|phone|telefono|handy|kundennummer)\b/,
  /** Together with the caller, not instead: "my wife and I", "con mi marido", "mit meiner Frau", "avec ma femme". */
  together: new RegExp(
    String.raw`\b${POSSESSIVE} (ex )?${OTHER_PERSON}s? (and i|and me|y yo|und ich|et moi)\b|\b(with|con|mit|avec) ${POSSESSIVE} ${OTHER_PERSON}\b`,
  ),
  /** The person ruled out: "for me, not my kids", "la mía, no la de mis hijos", "nicht für meinen Sohn". */
  ruledOut: new RegExp(
    String.raw`\b(not|no|nicht|pas|ni)( for| para| fur| pour| de| la de| el de| den| die| das| des| von| la| el)? ${POSSESSIVE} (ex )?${OTHER_PERSON}s?\b`,
  ),
  /** A bare follow-up naming the person: "and for my wife?", "y la de mi marido?", "und die meines Mannes?". */
  followUp: new RegExp(
    String.raw`^((ok|okay|so|well|vale|bueno|gut|also|bon|alors|and|now|what|how|about|y|ahora|que|tal|und|jetzt|was|wie|ist|mit|et|maintenant|quoi|for|of|the|one|la|el|lo|los|las|de|del|die|der|den|von|fur|celle|celui|pour|para) )*${POSSESSIVE} (ex )?${OTHER_PERSON}s?( too| also| as well| tambien| auch| aussi)?$`,
  ),
  data: new RegExp(String.raw`\b${ACCOUNT_DATA}\b`),
};

/** True when a message asks about another person's account (THIRD_PARTY_UNDERSTANDING). */
function asksAboutAnotherPerson(message: string): boolean {
  const plain = tokenize(normalizeText(message)).join(' ');
  const texts = [plain, normalised(message)];
  const any = (pattern: RegExp): boolean => texts.some((text) => pattern.test(text));
  const u = THIRD_PARTY_UNDERSTANDING;
  if (any(u.followUp)) return true;
  if (any(u.actingFor)) return true;
  if (!any(u.data)) return false;
  if (any(u.numbered) && !any(u.own)) return true;
  if (any(u.phone) && !any(u.own)) return true;
  return any(u.person) && !any(u.together) && !any(u.ruledOut);
}

/** Requests for work that is not customer service (a poem, an essay, a program). */
const OFF_TOPIC_RULES = [
  {
    name: 'general-purpose writing or coding',
    pattern:
      /\b(write|compose|generate|create|draft)\s+(me\s+|us\s+)?(an?\s+|the\s+|some\s+|my\s+)?(poem|haiku|essay|story|song|lyrics|novel|limerick|code|program|python|javascript|sql|script|function|homework)\b/,
  },
];

/** The planner's guardrails, in the order they run. */
export const DEFAULT_GUARDRAILS: readonly Guardrail[] = [
  ruleGuardrail('injection', 'refused', RAW_INJECTION_RULES),
  ruleGuardrail(
    'injection (normalised)',
    'refused',
    NORMALISED_INJECTION_PATTERNS.map((pattern, index) => ({
      name: `injection pattern ${index + 1}`,
      pattern,
    })),
    normalised,
  ),
  bySentence(
    ruleGuardrail(
      "other people's data",
      'third_party',
      THIRD_PARTY_PATTERNS.map((pattern, index) => ({ name: `third-party pattern ${index + 1}`, pattern })),
      normalised,
    ),
  ),
  bySentence({
    name: "another person's account",
    check: (message) =>
      asksAboutAnotherPerson(message) ? { reason: 'third_party', rule: 'another person named' } : undefined,
  }),
  ruleGuardrail('off-topic work', 'off_topic', OFF_TOPIC_RULES, normalised),
];

/** The first guardrail of `guardrails` that stops the message, or undefined when all let it through. */
export function runGuardrails(
  guardrails: readonly Guardrail[],
  message: string,
): (GuardrailTrip & { guardrail: string }) | undefined {
  for (const guardrail of guardrails) {
    const trip = guardrail.check(message);
    if (trip) return { ...trip, guardrail: guardrail.name };
  }
  return undefined;
}
