/**
 * Spanish, German and French for the offline engine: the message's language, and an English gloss
 * of the words the rest of the engine reads (bills, months, countries, "last month", "how much").
 *
 * The language comes from eld (Nito-ELD, n-gram detection; measured against tinyld, franc-min and
 * NLP.js's guesser on short customer sentences, it was the most accurate), restricted to the four
 * languages and trusted only when it is reliable or clearly ahead: a one-word "agent" or "ok" is
 * English. The glossary is hand-written: this operator's vocabulary in three languages, which no
 * package ships. Each domain lists its own words (its language.json `glossary`: "factura" for
 * billing, "darme de baja" for the FAQ); this file holds the words every domain shares (function
 * words, numbers, months, countries, relatives, corrections, off-topic words). It is applied only
 * for the message's language, so an English "was" is never read as German "what". A word it does
 * not list is read as the listed word with the same Snowball stem ("cobrasteis" as "cobraron",
 * "couterait" as "coute"), and a German compound as its parts ("novemberrechnung" as "november
 * rechnung").
 */
import type { eld as Eld } from 'eld';
import { newStemmer } from 'snowball-stemmers';
import { z } from 'zod';
import { ANSWER_LANGUAGES, isAnswerLanguage, type AnswerLanguage } from '../../core/i18n/i18n.ts';
import { conversationLanguage, type Turn } from '../../store/conversation-store.ts';
import { readDataFile } from '../../domains/data-file.ts';
import { DOMAIN_MODULES } from '../../domains/registry.ts';
import { remembered } from './remembered.ts';
import { CLEAR_LEAD, FEW_WORDS, STEMMED_GLOSS_LENGTH } from './tuning.ts';

/** The languages understood: those the answers are written in. */
export const LANGUAGES = ANSWER_LANGUAGES;
export type Language = AnswerLanguage;

/** The table's shape as eld reads it; its 12 000 n-grams are eld's own data, checked as one object. */
const LANGUAGE_TABLE = z.object({
  type: z.string(),
  languages: z.record(z.string(), z.string()),
  ngrams: z.custom<object>((value) => typeof value === 'object' && value !== null, 'an object of n-grams'),
});

/**
 * eld's detector over the n-grams of the four languages only (eld-ngrams.json, made from eld's
 * 'small' database by scripts/language-table.ts): the detection of the whole database restricted to
 * them (a unit test compares the two), without loading its 60 languages, which cost every process
 * about 0.4 s of CPU and 50 MB of heap at start-up (docs/performance.md). eld loads a subset
 * database only from inside its own package, so the table is handed to the factory its entry
 * modules use, `createEld`, from a module the package does not export by name.
 */
export const detector = await (async () => {
  const factory = new URL('../languageDetector.js', import.meta.resolve('eld'));
  const { createEld } = (await import(factory.href)) as {
    createEld: () => { instance: typeof Eld; loadData: (data: unknown) => void };
  };
  const { instance, loadData } = createEld();
  loadData(readDataFile(new URL('./eld-ngrams.json', import.meta.url), LANGUAGE_TABLE));
  return instance;
})();

/**
 * The last text detected and its language. The guardrails and then the engine ask for the language
 * of the same message, one right after the other: it is detected once.
 */
let last: { text: string; language: Language } | undefined;

/** The language a customer wrote in: English unless the detector is sure of another. */
export function detectLanguage(text: string): Language {
  if (last?.text !== text) last = { text, language: detect(text) };
  return last.language;
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/**
 * The language to answer a message in, as the guardrails, the planner and the offline engine all
 * read it: the message's own, unless it is too short to tell (fewer than FEW_WORDS words, "ok",
 * "belgium?"); then the conversation's: the language recorded on its last customer turn, or else
 * that of its last customer turn long enough to tell; the message's own when there is none.
 */
export function answerLanguage(message: string, history: readonly Turn[]): Language {
  if (wordCount(message) >= FEW_WORDS) return detectLanguage(message);
  const recorded = conversationLanguage(history);
  if (isAnswerLanguage(recorded)) return recorded;
  const told = history.findLast((turn) => turn.role === 'user' && wordCount(turn.content) >= FEW_WORDS);
  return detectLanguage(told?.content ?? message);
}

function detect(text: string): Language {
  const result = detector.detect(text);
  const detected = (LANGUAGES as readonly string[]).includes(result.language)
    ? (result.language as Language)
    : 'en';
  if (detected === 'en' || result.isReliable()) return detected;
  const [best = 0, next = 0] = Object.values(result.getScores()).sort((a, b) => b - a);
  return best - next >= CLEAR_LEAD ? detected : 'en';
}

// Months first: the rest of the engine finds them by their English names (countries are roaming's:
// its language.json glossary).
// prettier-ignore
const MONTHS: Record<Exclude<Language, 'en'>, Record<string, string>> = {
  es: { enero: 'january', febrero: 'february', marzo: 'march', abril: 'april', mayo: 'may', junio: 'june', julio: 'july', agosto: 'august', septiembre: 'september', setiembre: 'september', octubre: 'october', noviembre: 'november', diciembre: 'december' },
  de: { januar: 'january', februar: 'february', marz: 'march', maerz: 'march', april: 'april', mai: 'may', juni: 'june', juli: 'july', august: 'august', september: 'september', oktober: 'october', november: 'november', dezember: 'december' },
  fr: { janvier: 'january', fevrier: 'february', mars: 'march', avril: 'april', mai: 'may', juin: 'june', juillet: 'july', aout: 'august', septembre: 'september', octobre: 'october', novembre: 'november', decembre: 'december' },
};

/**
 * Phrases before words: "mes pasado" must become "last month" before "mes" becomes "month".
 * Values are what an English customer would have written.
 */
// prettier-ignore
const PHRASES: Record<Exclude<Language, 'en'>, Record<string, string>> = {
  es: {
    'el mes pasado': 'last month', 'mes pasado': 'last month', 'el ultimo mes': 'last month',
    'ultimo mes': 'last month', 'el mes anterior': 'the month before', 'mes anterior': 'the month before',
    'hace dos meses': 'two months ago', 'hace tres meses': 'three months ago',
    'los ultimos tres meses': 'the last 3 months', 'ultimos 3 meses': 'last 3 months', 'al menos': 'at least',
    'mas barata': 'cheapest', 'mas barato': 'cheapest', 'mas cara': 'more expensive', 'mas caro': 'more expensive',
    'cuanto mas': 'how much more', 'mi numero': 'my number', 'datos moviles': 'mobile data', 'mas alta': 'higher',
    'mas alto': 'higher', 'mas baja': 'lower', 'mas de': 'more than', 'menos de': 'less than',
    'este mes': 'this month', 'por que': 'why', 'que tiempo hace': 'what is the weather',
    'que tengo que hacer': 'what do i have to do', 'numero de telefono': 'phone number',
    'que pasa si': 'what happens if', 'queria decir': 'i meant', 'quise decir': 'i meant', 'me referia a': 'i meant',
    'me refiero a': 'i mean', perdon: 'sorry', 'lo siento': 'sorry', 'mas datos': 'the most data', 'cuanto vale': 'how much is', 'cuanto valen': 'how much are',
    'de enero a': 'from january to', 'de febrero a': 'from february to', 'de marzo a': 'from march to',
    'de abril a': 'from april to', 'de mayo a': 'from may to', 'de junio a': 'from june to',
    'de julio a': 'from july to', 'de agosto a': 'from august to', 'de septiembre a': 'from september to',
    'de octubre a': 'from october to', 'de noviembre a': 'from november to', 'de diciembre a': 'from december to',
    'companero de piso': 'roommate', 'companera de piso': 'roommate', 'mes siguiente': 'next month',
    'que tiempo va a hacer': 'what will the weather be', 'va a llover': 'will it rain',
    'perdona los cargos': 'waive the charges', 'perdonar los cargos': 'waive the charges',
    'perdoname los cargos': 'waive the charges', 'cuanto tiempo': 'how long', 'a mitad de mes': 'mid month',
    'me equivoque': 'sorry', 'quiero decir': 'i mean', 'me he liado': 'sorry', 'me lie': 'sorry',
    'la anterior': 'the one before', 'el anterior': 'the one before', 'como maximo': 'at most',
    'como minimo': 'at least', 'por debajo de': 'under', 'por encima de': 'over', 'sin ser': 'without',
    'sin llegar a': 'without', 'como hago para': 'how do i', 'como hago': 'how do i', 'como puedo': 'how can i',
    'como se': 'how do i', 'me hacen falta': 'i need', 'hacen falta': 'needed',
  },
  de: {
    'im letzten monat': 'last month', 'letzten monat': 'last month', 'letzter monat': 'last month',
    'letztes monat': 'last month', 'vor einem monat': 'last month', 'vor zwei monaten': 'two months ago',
    'vor drei monaten': 'three months ago', 'letzten drei monate': 'last 3 months',
    'letzten 3 monate': 'last 3 months', 'wie viel': 'how much', wieviel: 'how much', 'am gunstigsten': 'cheapest',
    'am billigsten': 'cheapest', 'mit einem': 'with a', 'um wie viel': 'how much', 'wie viel mehr': 'how much more',
    'mehr als': 'more than', 'weniger als': 'less than', 'teurer als': 'more expensive than',
    'bis november': 'to november', 'ich bin mitarbeiter': 'i am staff', 'schalte ich': 'i switch',
    'bezahle ich': 'i pay', 'zahle ich': 'i pay', 'kann ich': 'can i',
    'ich arbeite bei euch': 'i work for your support', 'ich arbeite bei ihnen': 'i work for your support',
    'daten von': 'data of', 'zeig mir': 'show me', 'zeigen sie mir': 'show me', 'diesen monat': 'this month',
    'im monat davor': 'the month before', 'monat davor': 'the month before', 'im vormonat': 'the month before',
    vormonat: 'the month before', 'dieser monat': 'this month', 'vorletzten monat': 'the month before last',
    'gibt es': 'is there', 'ich meinte': 'i meant', 'ich wollte sagen': 'i meant', 'eigentlich meinte ich': 'i meant',
    'tut mir leid': 'sorry', 'wie viele': 'how many', 'wie lange': 'how long', 'am meisten': 'the most',
    'wie lang': 'how long', 'nachsten monat': 'next month', 'naechsten monat': 'next month',
    'wollte ich sagen': 'i meant', 'wie krieg ich': 'how do i get', 'wie bekomme ich': 'how do i get',
    'wie bekomm ich': 'how do i get', 'merci vielmal': 'thanks a lot', 'vielen dank': 'many thanks',
    'danke schon': 'thanks a lot', 'danke sehr': 'thanks a lot', 'im schnitt': 'on average', 'pro monat': 'per month',
    'die davor': 'the one before', 'der davor': 'the one before', 'ich mein': 'i mean', 'zahl ich': 'i pay',
    'die meisten': 'the most', 'den meisten': 'the most', 'wie ich': 'how do i', 'wie kann man': 'how can i',
    'wie man': 'how to',
  },
  fr: {
    'le mois dernier': 'last month', 'du mois dernier': 'last month', 'mois dernier': 'last month',
    'le mois precedent': 'the month before', 'mois precedent': 'the month before',
    'le mois d avant': 'the month before', 'mois d avant': 'the month before', 'il y a deux mois': 'two months ago',
    'il y a trois mois': 'three months ago', 'les trois derniers mois': 'the last 3 months',
    '3 derniers mois': 'last 3 months', 'au moins': 'at least', 'le moins cher': 'cheapest',
    'la moins chere': 'cheapest', 'moins cher': 'cheapest', 'plus cher': 'more expensive',
    'plus chere': 'more expensive', 'combien de plus': 'how much more', 'mon numero': 'my number',
    'plus elevee': 'higher', 'plus eleve': 'higher', 'plus de': 'more than', 'moins de': 'less than',
    'a depasse': 'was more than', depasse: 'more than', 'quel temps': 'what is the weather',
    'ce mois ci': 'this month', 'ce mois': 'this month', conserve: 'kept', garder: 'keep',
    'c est combien': 'how much is', 'c etait combien': 'how much was', 'ca fait combien': 'how much is',
    'c est quoi': 'what is', 'cest quoi': 'what is', 'c quoi': 'what is', 'je voulais dire': 'i meant',
    'je veux dire': 'i mean', 'je parlais de': 'i meant', 'combien de': 'how many', 'le plus de': 'the most', 'faire beau': 'weather', 'fera beau': 'weather', 'fait beau': 'weather', 'la bas': 'there', 'en plus': 'extra',
    'de avril a': 'from april to', 'd avril a': 'from april to', 'de aout a': 'from august to',
    'd aout a': 'from august to', 'de octobre a': 'from october to', 'd octobre a': 'from october to',
    'de janvier a': 'from january to', 'de fevrier a': 'from february to', 'de mars a': 'from march to',
    'de mai a': 'from may to', 'de juin a': 'from june to', 'de juillet a': 'from july to',
    'de septembre a': 'from september to', 'de novembre a': 'from november to', 'de decembre a': 'from december to',
    'mois suivant': 'next month', 'mois prochain': 'next month', 'questce qui se passe': 'what happens',
    'qu est ce qui se passe': 'what happens', 'que se passe t il': 'what happens', 'ce qui se passe': 'what happens',
    'combien de temps': 'how long', 'comment je fais pour': 'how do i', 'il me faut': 'i need', 'c koi': 'what is',
    'en tout': 'in total', 'sur un an': 'over a year', 'par an': 'per year', 'celle d avant': 'the one before',
    'celui d avant': 'the one before', 'a l epoque': 'back then', 'janvier a': 'january to',
    'fevrier a': 'february to', 'mars a': 'march to', 'avril a': 'april to', 'mai a': 'may to', 'juin a': 'june to',
    'juillet a': 'july to', 'aout a': 'august to', 'septembre a': 'september to', 'octobre a': 'october to',
    'novembre a': 'november to', 'decembre a': 'december to', 'a moins de': 'for less than',
    'pour moins de': 'for less than', 'ca existe': 'is there one', 'a part': 'separately', 'on veut': 'we want',
    'au plus': 'at most', 'au maximum': 'at most', 'en dessous de': 'under', 'au dessus de': 'over',
    'la plus de': 'the most', 'sans etre': 'without', 'sans aller': 'without', 'comment je': 'how do i',
    'comment j': 'how do i', 'comment on': 'how do i', 'comment faire pour': 'how do i',
    'comment est ce que je': 'how do i', 'comment est ce qu on': 'how do i',
  },
};

// prettier-ignore
const WORDS: Record<Exclude<Language, 'en'>, Record<string, string>> = {
  es: {
    mas: 'more', menos: 'less', actual: 'current', diferencia: 'difference', entre: 'between', subio: 'went up',
    aumento: 'increase', comparar: 'compare', compara: 'compare', cuanto: 'how much', cuanta: 'how much',
    cuesta: 'cost', costaba: 'cost', cuestan: 'cost', costo: 'cost', precio: 'price', precios: 'prices', pagar: 'pay',
    total: 'total', suma: 'total', datos: 'data', movil: 'phone', telefono: 'phone', llamar: 'call',
    llamadas: 'calls', contrato: 'contract', hola: 'hello', gracias: 'thanks', adios: 'goodbye', esposa: 'wife',
    esposo: 'husband', marido: 'husband', mujer: 'wife', hijo: 'son', hija: 'daughter', hijos: 'kids',
    madre: 'mother', padre: 'father', mama: 'mum', papa: 'dad', novia: 'girlfriend', novio: 'boyfriend',
    hermano: 'brother', hermana: 'sister', amigo: 'friend', amiga: 'friend', jefe: 'boss', empleado: 'employee',
    empleados: 'employees', vecino: 'neighbour', mi: 'my', mis: 'my', me: 'me', que: 'what', como: 'how',
    cual: 'which', donde: 'where', usar: 'use', uso: 'use', busco: 'looking for', quiero: 'i want',
    necesito: 'i need', fue: 'was', era: 'was', es: 'is', en: 'in', del: 'of the', de: 'of', la: 'the', el: 'the',
    los: 'the', las: 'the', y: 'and', o: 'or', con: 'with', para: 'for', por: 'for', mes: 'month', meses: 'months',
    euros: 'euro', gigas: 'gb', tengo: 'i have', tiene: 'has', hay: 'is there', puedo: 'can i', puede: 'can',
    cuando: 'when', hasta: 'to', desde: 'since', ultimo: 'last', ultima: 'last', pasado: 'last', ignora: 'ignore',
    ignorar: 'ignore', olvida: 'forget', tus: 'your', sus: 'your', instrucciones: 'instructions', reglas: 'rules',
    borra: 'delete', perdona: 'sorry', perdon: 'sorry', va: 'is', muy: 'very', esta: 'is', anda: 'is', tiempo: 'time',
    clima: 'weather', un: 'a', una: 'a', esto: 'this', manana: 'tomorrow', receta: 'recipe', partido: 'match',
    gano: 'won', otra: 'another', otro: 'another', traer: 'bring', hacer: 'do', verguenza: 'disgrace', ya: 'now',
    pago: 'pay', tarjeta: 'card', funciona: 'works', numero: 'number', cambiar: 'switch', consumo: 'usage',
    quedan: 'left', queda: 'left', caro: 'expensive', barato: 'cheap', cada: 'each', todas: 'all', todos: 'all',
    alguna: 'any', sobran: 'are left', ir: 'go', irme: 'go', q: 'what', cortan: 'cut off', corten: 'cut off',
    podes: 'can you', vieja: 'mum', viejo: 'dad', compartir: 'share', ella: 'she', ellos: 'they',
    aclara: 'understand', curro: 'work', trabajo: 'work', alli: 'there', alla: 'there', valen: 'cost', vale: 'ok',
    esas: 'those', esos: 'those', entonces: 'then', seguir: 'stay', pavos: 'euros', cositas: 'things',
    cuales: 'which', teneis: 'you have', tienen: 'you have', tenes: 'you have', tienes: 'you have',
    aparte: 'separately', antes: 'beforehand', espera: 'wait', pasarme: 'switch', cambiarme: 'switch', voy: 'going',
    vamos: 'going', proximo: 'next', proxima: 'next', semana: 'week', llover: 'rain', llueve: 'rain',
    lloviendo: 'rain', calor: 'temperature', frio: 'temperature', soleado: 'sunny', sin: 'without', celular: 'phone',
    dias: 'days', juntos: 'together', juntas: 'together', costaria: 'would cost', saldria: 'would cost',
    sale: 'costs', plazo: 'term', minimo: 'minimum', aparece: 'appears', subida: 'increase', a: 'to',
    media: 'average', promedio: 'average', paquete: 'pack', paquetes: 'packs', bono: 'pack', bonos: 'packs',
    unos: 'about', unas: 'about', aprox: 'about', sorry: 'sorry', no: 'no', necesitaria: 'i need',
    comparada: 'compared', comparado: 'compared', porcentaje: 'percentage', chamacos: 'kids', lana: 'money',
  },
  de: {
    genutztes: 'used', mindestens: 'at least', hochstens: 'at most', hoechstens: 'at most', maximal: 'at most',
    unter: 'under', uber: 'over', ueber: 'over', naturlich: 'of course', damals: 'back then', dann: 'then',
    schnitt: 'average', viele: 'many', habt: 'have', ihr: 'you', eigentlich: 'actually', ubrigens: 'by the way',
    mal: 'just', halt: 'just', auslandische: 'foreign', auslaendische: 'foreign', schicken: 'send', senden: 'send',
    nummern: 'numbers', zeit: 'time', vorher: 'beforehand', mitbewohner: 'roommate', mitbewohnerin: 'roommate',
    packli: 'pack', packerl: 'pack', paketli: 'pack', mei: 'my', krieg: 'get', zahlt: 'pays', warte: 'wait',
    dabei: 'with it', damit: 'with it', darin: 'in it', drin: 'in it', inklusive: 'included', enthalten: 'included',
    regnen: 'rain', regnet: 'rain', regen: 'rain', sonnig: 'sunny', sonne: 'sunny', warm: 'temperature',
    kalt: 'temperature', fahren: 'going', fliege: 'flying', fliegen: 'flying', nachste: 'next', naechste: 'next',
    nachsten: 'next', naechsten: 'next', woche: 'week', gesamtbetrag: 'total', endbetrag: 'total', ohne: 'without',
    telefonie: 'calling', ubertragen: 'carried over', preiserhohung: 'price increase', erhohung: 'increase',
    vertrage: 'contracts', hoher: 'higher', hoeher: 'higher', niedriger: 'lower', teurer: 'more expensive',
    billiger: 'cheaper', gunstiger: 'cheaper', als: 'than', unterschied: 'difference', zwischen: 'between',
    gestiegen: 'went up', vergleichen: 'compare', vergleich: 'comparison', nach: 'to', dort: 'there', mich: 'me',
    weg: 'gone', total: 'really', aktueller: 'current', aktuell: 'current', jetzigen: 'current', fahre: 'going',
    kosten: 'cost', kostet: 'cost', kostete: 'cost', preis: 'price', preise: 'prices', zahlen: 'pay', summe: 'total',
    gesamt: 'total', insgesamt: 'total', daten: 'data', datenvolumen: 'data', handy: 'phone', vertrag: 'contract',
    sprechen: 'talk', frau: 'wife', ehefrau: 'wife', mann: 'husband', ehemann: 'husband', sohn: 'son',
    tochter: 'daughter', kinder: 'kids', mutter: 'mother', vater: 'father', freundin: 'girlfriend',
    freund: 'boyfriend', bruder: 'brother', schwester: 'sister', chef: 'boss', nachbar: 'neighbour', hallo: 'hello',
    danke: 'thanks', tschuss: 'goodbye', meine: 'my', mein: 'my', meiner: 'my', meinen: 'my', was: 'what', wie: 'how',
    welcher: 'which', welche: 'which', wo: 'where', ist: 'is', war: 'was', im: 'in', in: 'in', von: 'from',
    vom: 'from', fur: 'for', mit: 'with', und: 'and', oder: 'or', monat: 'month', monate: 'months', monaten: 'months',
    euro: 'euro', passiert: 'happens', wenn: 'when', sehr: 'very', schalte: 'switch', ignoriere: 'ignore',
    ignorier: 'ignore', ignorieren: 'ignore', vergiss: 'forget', deine: 'your', ihre: 'your',
    anweisungen: 'instructions', regeln: 'rules', zeig: 'show', zeige: 'show', kunde: 'customer', kunden: 'customers',
    erlassen: 'waive', wetter: 'weather', morgen: 'tomorrow', rezept: 'recipe', spiel: 'match', gewonnen: 'won',
    frechheit: 'disgrace', sofort: 'now', ich: 'i', hab: 'have', habe: 'have', hast: 'have', hat: 'has',
    haben: 'have', wir: 'we', du: 'you', bin: 'am', mir: 'me', das: 'the', der: 'the', die: 'the', den: 'the',
    dem: 'the', des: 'of the', ein: 'a', eine: 'a', einen: 'a', einem: 'a', zu: 'to', auf: 'on', nicht: 'not',
    kein: 'no', keine: 'no', kann: 'can', warum: 'why', wieso: 'why', wann: 'when', viel: 'much', mehr: 'more',
    bitte: 'please', bis: 'to', seit: 'since', letzte: 'last', letzten: 'last', rufnummer: 'number', nummer: 'number',
    wechseln: 'switch', karte: 'card', bezahlen: 'pay', zahle: 'pay', guthaben: 'credit', verbraucht: 'used',
    ubrig: 'left', zusammen: 'altogether', hoch: 'high', teuer: 'expensive', billig: 'cheap', gunstig: 'cheap',
    anrufen: 'call', anrufe: 'calls', telefonieren: 'call', funktioniert: 'works', schnell: 'fast', nein: 'no',
    meinte: 'meant', sorry: 'sorry', entschuldigung: 'sorry', sry: 'sorry', durchschnitt: 'average',
    durchschnittlich: 'average', paket: 'pack', pakete: 'packs', ca: 'about', etwa: 'about', ungefahr: 'about',
    brauche: 'need', brauch: 'need', laufzeit: 'term', nen: 'a', ne: 'a',
    falsch: 'wrong', abo: 'plan', abos: 'plans', natel: 'phone', handyabo: 'plan', suche: 'looking for', franken: 'euro',
    gekostet: 'cost', bei: 'on',
  },
  fr: {
    autre: 'other', garde: 'keep', chez: 'at', si: 'if', famille: 'family', compris: 'included', compte: 'account',
    va: 'will', veut: 'want', faire: 'do', tel: 'phone', dsl: 'sorry', alors: 'then', epoque: 'time', balles: 'euros',
    euh: 'uh', plutot: 'instead', eviter: 'avoid', koi: 'what', avant: 'before', dessus: 'on it',
    cherche: 'looking for', sont: 'are', suis: 'am', etes: 'are', chercher: 'look for', recherche: 'looking for',
    pas: 'not', mais: 'but', oups: 'oops', colocataire: 'roommate', attends: 'wait', attendez: 'wait',
    pleuvoir: 'rain', pleut: 'rain',
    pluie: 'rain', soleil: 'sunny', chaud: 'temperature', froid: 'temperature', vais: 'going', allons: 'going',
    irai: 'will go', partons: 'going', pars: 'going', partir: 'go', voir: 'see', labas: 'there', 
    sans: 'without', blonde: 'girlfriend', chum: 'boyfriend', pis: 'and', temps: 'time', ensemble: 'together',
    revient: 'comes to', augmentation: 'increase', perdre: 'lose', passez: 'put', actuel: 'current',
    actuelle: 'current', quoi: 'what', difference: 'difference', entre: 'between', augmente: 'went up',
    comparer: 'compare', combien: 'how much', coute: 'cost', coutait: 'cost', coutent: 'cost', coutera: 'cost',
    couterait: 'cost', prix: 'price', tarif: 'price', tarifs: 'prices', payer: 'pay', total: 'total', somme: 'total',
    donnees: 'data', telephone: 'phone', portable: 'phone', appeler: 'call', appels: 'calls', contrat: 'contract',
    bonjour: 'hello', salut: 'hi', merci: 'thanks', revoir: 'goodbye', femme: 'wife', epouse: 'wife', mari: 'husband',
    fils: 'son', fille: 'daughter', enfants: 'kids', mere: 'mother', pere: 'father', copine: 'girlfriend',
    copain: 'boyfriend', frere: 'brother', soeur: 'sister', patron: 'boss', voisin: 'neighbour', ma: 'my', mon: 'my',
    mes: 'my', quel: 'which', quelle: 'which', comment: 'how', ou: 'or', utiliser: 'use', est: 'is', etait: 'was',
    ete: 'been', en: 'in', a: 'in', au: 'in', aux: 'in', de: 'of', du: 'of the', des: 'of the', le: 'the', la: 'the',
    les: 'the', et: 'and', avec: 'with', pour: 'for', mois: 'month', euros: 'euro', go: 'gb', je: 'i', veux: 'want',
    serai: 'will be', semaine: 'week', prochaine: 'next', ignorez: 'ignore', ignore: 'ignore', oublie: 'forget',
    oubliez: 'forget', vos: 'your', tes: 'your', instructions: 'instructions', regles: 'rules', supprimez: 'delete',
    meteo: 'weather', demain: 'tomorrow', recette: 'recipe', gagne: 'won', honte: 'disgrace',
    scandaleux: 'disgraceful', client: 'customer', clients: 'customers', montrez: 'show', montre: 'show',
    tres: 'very', trop: 'too', l: 'the', d: 'of', j: 'i', qu: 'that', c: 'it', ai: 'have', pourquoi: 'why',
    quand: 'when', dernier: 'last', derniere: 'last', depuis: 'since', carte: 'card', numero: 'number',
    changer: 'switch', appel: 'call', cher: 'expensive', reste: 'left', restant: 'remaining', consommation: 'usage',
    vous: 'you', nous: 'we', il: 'it', ce: 'this', cette: 'this', un: 'a', une: 'a', sur: 'on', dans: 'in',
    peux: 'can', puis: 'can', peut: 'can', non: 'no', pardon: 'sorry', desole: 'sorry', desolee: 'sorry',
    moyenne: 'average', paquets: 'packs', paquet: 'pack', recharges: 'packs', recharge: 'pack', environ: 'about',
    besoin: 'need', minimale: 'minimum', minimum: 'minimum', duree: 'term', passer: 'switch',
    avoir: 'get', payant: 'paid', comprends: 'understand',
    verifie: 'check', verifier: 'check', cell: 'phone',
  },
};

/** "doctobre" → "d", "octobre": an elided article or preposition before a word the glossary knows. */
const FRENCH_ELISION = /^(d|l|qu|j|m|n|s|c)([aeiouhy][a-z]+)$/;

/** Two to six as each language writes them, with the English word for each. */
// prettier-ignore
const COUNTS: Record<Exclude<Language, 'en'>, Record<string, string>> = {
  es: { dos: 'two', tres: 'three', cuatro: 'four', cinco: 'five', seis: 'six' },
  de: { zwei: 'two', drei: 'three', vier: 'four', funf: 'five', fuenf: 'five', sechs: 'six' },
  fr: { deux: 'two', trois: 'three', quatre: 'four', cinq: 'five', six: 'six' },
};

/**
 * "the last N months" and "the last N bills" in each language's word orders ("los tres ultimos
 * meses", "les quatre dernieres factures").
 */
const LAST_MONTHS: Record<Exclude<Language, 'en'>, readonly string[]> = {
  es: ['ultimos N meses', 'N ultimos meses', 'ultimas N facturas', 'N ultimas facturas'],
  de: [
    'letzten N monate',
    'letzten N monaten',
    'vergangenen N monate',
    'vergangenen N monaten',
    'letzten N rechnungen',
  ],
  fr: ['N derniers mois', 'derniers N mois', 'N dernieres factures', 'dernieres N factures'],
};

function lastMonthsPhrases(language: Exclude<Language, 'en'>): Record<string, string> {
  const counts: [string, string][] = [
    ...Object.entries(COUNTS[language]),
    ...['2', '3', '4', '5', '6'].map((n): [string, string] => [n, n]),
  ];
  return Object.fromEntries(
    LAST_MONTHS[language].flatMap((phrase) =>
      counts.map(([word, english]) => [
        phrase.replace('N', word),
        `last ${english} ${/mes|mois|monat/.test(phrase) ? 'months' : 'bills'}`,
      ]),
    ),
  );
}

/** The Snowball stemmer of each language, by the name the package knows it by. */
const SNOWBALL: Record<Exclude<Language, 'en'>, string> = { es: 'spanish', de: 'german', fr: 'french' };

interface Gloss {
  /** Phrases (longest first), then words, on word boundaries. */
  pattern: RegExp;
  table: Map<string, string>;
  /** A word the table does not list, as the listed word with its stem ("cobrasteis" → "cobraron"). */
  listed: (word: string) => string;
}

/** One compiled pass per language. */
const GLOSSES: Record<Exclude<Language, 'en'>, Gloss> = {
  es: compile('es'),
  de: compile('de'),
  fr: compile('fr'),
};

function compile(language: Exclude<Language, 'en'>): Gloss {
  // The engine's general words, then each domain's (its language.json `glossary`, in the registry's
  // order): words, months, countries and counts, then phrases, a later entry for the same key winning.
  const domains = DOMAIN_MODULES.map((module) =>
    Object.entries(module.understanding.glossary?.[language] ?? {}),
  );
  const words = {
    ...WORDS[language],
    ...Object.fromEntries(domains.flat().filter(([key]) => !key.includes(' '))),
  };
  const table = new Map<string, string>(
    Object.entries({
      ...words,
      ...MONTHS[language],
      ...COUNTS[language],
      ...lastMonthsPhrases(language),
      ...PHRASES[language],
      ...Object.fromEntries(domains.flat().filter(([key]) => key.includes(' '))),
    }),
  );
  const keys = [...table.keys()].sort((a, b) => b.length - a.length);
  const stemmer = newStemmer(SNOWBALL[language]);
  // Stem → the first listed word with it; short words are left out: their stems say too little.
  const byStem = new Map<string, string>();
  for (const key of Object.keys(words)) {
    const stem = stemmer.stem(key);
    if (key.length >= STEMMED_GLOSS_LENGTH && !byStem.has(stem)) byStem.set(stem, key);
  }
  const listed = remembered((word) => {
    if (table.has(word) || word.length < STEMMED_GLOSS_LENGTH) return word;
    const same = byStem.get(stemmer.stem(word));
    if (same !== undefined) return same;
    return language === 'de' ? (compoundParts(word, table) ?? word) : word;
  });
  return { pattern: new RegExp(`(?<![a-z0-9])(?:${keys.join('|')})(?![a-z0-9])`, 'g'), table, listed };
}

/**
 * A German compound of listed words, each but the last with or without its linking "s"
 * ("novemberrechnung" → "november rechnung", "kundigungsfrist" → "kundigung frist"); the shortest
 * listed first part wins.
 */
function compoundParts(word: string, table: ReadonlyMap<string, string>): string | undefined {
  for (let split = 3; split <= word.length - 3; split++) {
    const head = word.slice(0, split);
    const listed = table.has(head)
      ? head
      : head.endsWith('s') && table.has(head.slice(0, -1))
        ? head.slice(0, -1)
        : undefined;
    if (listed === undefined) continue;
    const tail = word.slice(split);
    // The rest is listed, or a compound itself ("rumanienroamingpaket": Rumänien-Roamingpaket).
    const rest = table.has(tail) ? tail : compoundParts(tail, table);
    if (rest !== undefined) return `${listed} ${rest}`;
  }
  return undefined;
}

/**
 * The English gloss of tokenized text in `language` (tokens joined by spaces, lower case, no
 * accents): its vocabulary replaced by the words an English customer would use. English text and
 * words the glossary does not know stay as they are.
 */
export function glossToEnglish(tokens: readonly string[], language: Language): string[] {
  if (language === 'en' || tokens.length === 0) return [...tokens];
  // The guardrails and then the engine read the same message one right after the other: its words
  // are glossed once.
  const text = tokens.join(' ');
  if (lastGloss?.text !== text || lastGloss.language !== language)
    lastGloss = { text, language, gloss: gloss(tokens, language) };
  return [...lastGloss.gloss];
}

/** The last text glossed, its language and its gloss. */
let lastGloss: { text: string; language: Language; gloss: readonly string[] } | undefined;

function gloss(tokens: readonly string[], language: Exclude<Language, 'en'>): string[] {
  const { pattern, table, listed } = GLOSSES[language];
  // French elides before vowels ("d'octobre", "l'itinerance") and the tokenizer drops the
  // apostrophe: "doctobre" is split where the rest is a word the glossary knows (or a form of one).
  const words =
    language === 'fr'
      ? tokens.flatMap((token) => {
          const elided = FRENCH_ELISION.exec(token);
          const rest = elided?.[2];
          return elided?.[1] !== undefined && rest !== undefined && (table.has(rest) || listed(rest) !== rest)
            ? [elided[1], rest]
            : [token];
        })
      : tokens;
  // Listed phrases and words first, on the words as written ("les quatre derniers mois" is one
  // phrase); between them, a word the table does not list is read as the listed word with its stem
  // and glossed in turn. A mark (a character no token has) keeps what is already English apart.
  const replaced = (text: string, mark = ''): string =>
    text.replace(pattern, (phrase) => `${mark}${table.get(phrase) ?? phrase}${mark}`);
  return replaced(words.join(' '), GLOSSED)
    .split(GLOSSED)
    .map((part, index) => (index % 2 === 1 ? part : replaced(part.split(' ').map(listed).join(' '))))
    .join('')
    .split(' ')
    .filter((token) => token.length > 0);
}

/** Marks a stretch of text the glossary has already put into English. */
const GLOSSED = '\u0000';

/** The first line of an answer to a customer who wrote in another language: answers are in English. */
export const ENGLISH_ANSWER_NOTE: Readonly<Record<Exclude<Language, 'en'>, string>> = {
  es: '_Respondo en inglés, el idioma en el que puedo darle cifras exactas._',
  de: '_Ich antworte auf Englisch, der Sprache, in der ich Ihnen genaue Zahlen geben kann._',
  fr: '_Je réponds en anglais, la langue dans laquelle je peux vous donner des chiffres exacts._',
};
