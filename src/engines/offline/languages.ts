/**
 * Spanish, German and French for the offline engine: the message's language, and an English gloss
 * of the words the rest of the engine reads (bills, months, countries, "last month", "how much").
 *
 * The language comes from eld (Nito-ELD, n-gram detection; measured against tinyld, franc-min and
 * NLP.js's guesser on short customer sentences, it was the most accurate), restricted to the four
 * languages and trusted only when it is reliable or clearly ahead: a one-word "agent" or "ok" is
 * English. The glossary is hand-written: it is this operator's vocabulary (bills, roaming, plans)
 * in three languages, which no package ships; it is applied only for the detected language, so an
 * English "was" is never read as German "what". A word it does not list is read as the listed word
 * with the same Snowball stem ("cobrasteis" as "cobraron", "couterait" as "coute"), and a German
 * compound as its two parts ("novemberrechnung" as "november rechnung").
 */
import type { eld as Eld } from 'eld';
import { newStemmer } from 'snowball-stemmers';
import { z } from 'zod';
import { ANSWER_LANGUAGES, isAnswerLanguage, type AnswerLanguage } from '../../core/i18n/i18n.ts';
import { conversationLanguage, type Turn } from '../../store/conversation-store.ts';
import { readDataFile } from '../../domains/data-file.ts';
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

// Months and countries first: the rest of the engine finds them by their English names.
// prettier-ignore
const MONTHS: Record<Exclude<Language, 'en'>, Record<string, string>> = {
  es: { enero: 'january', febrero: 'february', marzo: 'march', abril: 'april', mayo: 'may', junio: 'june', julio: 'july', agosto: 'august', septiembre: 'september', setiembre: 'september', octubre: 'october', noviembre: 'november', diciembre: 'december' },
  de: { januar: 'january', februar: 'february', marz: 'march', maerz: 'march', april: 'april', mai: 'may', juni: 'june', juli: 'july', august: 'august', september: 'september', oktober: 'october', november: 'november', dezember: 'december' },
  fr: { janvier: 'january', fevrier: 'february', mars: 'march', avril: 'april', mai: 'may', juin: 'june', juillet: 'july', aout: 'august', septembre: 'september', octobre: 'october', novembre: 'november', decembre: 'december' },
};

// prettier-ignore
const COUNTRIES: Record<Exclude<Language, 'en'>, Record<string, string>> = {
  es: { espana: 'spain', belgica: 'belgium', rumania: 'romania', francia: 'france', alemania: 'germany', italia: 'italy', 'reino unido': 'united kingdom', 'estados unidos': 'united states', suiza: 'switzerland', grecia: 'greece', 'paises bajos': 'netherlands', holanda: 'netherlands', marruecos: 'morocco', turquia: 'turkey', bruselas: 'brussels', bucarest: 'bucharest', londres: 'london', amberes: 'antwerp', sevilla: 'seville' },
  de: { spanien: 'spain', belgien: 'belgium', rumanien: 'romania', rumaenien: 'romania', frankreich: 'france', deutschland: 'germany', italien: 'italy', osterreich: 'austria', oesterreich: 'austria', schweiz: 'switzerland', niederlande: 'netherlands', griechenland: 'greece', turkei: 'turkey', brussel: 'brussels', bukarest: 'bucharest', rom: 'rome', mailand: 'milan', lissabon: 'lisbon' },
  fr: { espagne: 'spain', belgique: 'belgium', roumanie: 'romania', allemagne: 'germany', italie: 'italy', 'royaume uni': 'united kingdom', 'etats unis': 'united states', suisse: 'switzerland', 'pays bas': 'netherlands', grece: 'greece', maroc: 'morocco', turquie: 'turkey', bruxelles: 'brussels', anvers: 'antwerp', gand: 'ghent', bucarest: 'bucharest', londres: 'london', lisbonne: 'lisbon', seville: 'seville' },
};

/**
 * Phrases before words: "mes pasado" must become "last month" before "mes" becomes "month".
 * Values are what an English customer would have written.
 */
// prettier-ignore
const PHRASES: Record<Exclude<Language, 'en'>, Record<string, string>> = {
  es: {
    'el mes pasado': 'last month', 'mes pasado': 'last month', 'el ultimo mes': 'last month', 'ultimo mes': 'last month', 'el mes anterior': 'the month before', 'mes anterior': 'the month before',
    'hace dos meses': 'two months ago', 'hace tres meses': 'three months ago', 'los ultimos tres meses': 'the last 3 months', 'ultimos 3 meses': 'last 3 months',
    'en el extranjero': 'abroad', 'al menos': 'at least', 'mas barata': 'cheapest', 'mas barato': 'cheapest', 'mas cara': 'more expensive', 'mas caro': 'more expensive',
    'cuanto mas': 'how much more', 'darme de baja': 'cancel', 'dar de baja': 'cancel', 'mi numero': 'my number', 'hablar con': 'talk to', 'una persona': 'a person',
    'datos moviles': 'mobile data', 'mas alta': 'higher', 'mas alto': 'higher', 'mas baja': 'lower', 'se acabaron los datos': 'ran out of data', 'sin datos': 'out of data', 'mas de': 'more than', 'menos de': 'less than',
    'este mes': 'this month', 'por que': 'why', 'que tiempo hace': 'what is the weather', 'traer mi numero': 'port my number', 'llevar mi numero': 'port my number', 'llevarme mi numero': 'port my number', 'que tengo que hacer': 'what do i have to do',
    'me podeis llamar': 'can you call me', 'me puede llamar': 'can you call me', 'me pueden llamar': 'can you call me', 'me podrian llamar': 'can you call me', llamadme: 'call me', llamame: 'call me', llameme: 'call me', 'pasame con': 'put me through to', 'paseme con': 'put me through to', 'pasenme con': 'put me through to', 'ponme con': 'put me through to', 'quiero hablar': 'i want to talk', 'tarjeta de credito': 'credit card', 'numero de telefono': 'phone number', 'cambiar de compania': 'switch provider', 'no funciona': 'not working',
    'paquete de llamadas internacionales': 'international calling pack', 'bono de llamadas internacionales': 'international calling pack', 'me paso de datos': 'go over my data', 'me pase de datos': 'went over my data', 'que pasa si': 'what happens if', recargar: 'top up', recarga: 'top up', 'queria decir': 'i meant', 'quise decir': 'i meant', 'me referia a': 'i meant', 'me refiero a': 'i mean', 'perdon': 'sorry', 'lo siento': 'sorry',
    'permanencia minima': 'minimum contract term', 'duracion minima': 'minimum term', 'recibir llamadas': 'incoming calls', 'llamadas recibidas': 'incoming calls', 'llamadas entrantes': 'incoming calls', 'me llaman': 'incoming calls',
    'bajar de tarifa': 'downgrade my plan',
    'mas datos': 'the most data', 'de enero a': 'from january to', 'de febrero a': 'from february to', 'de marzo a': 'from march to', 'de abril a': 'from april to', 'de mayo a': 'from may to', 'de junio a': 'from june to', 'de julio a': 'from july to', 'de agosto a': 'from august to', 'de septiembre a': 'from september to', 'de octubre a': 'from october to', 'de noviembre a': 'from november to', 'de diciembre a': 'from december to', 'tenian que avisar': 'had to notify', 'tienen que avisar': 'have to notify', 'teniais que avisar': 'had to notify', 'llamadas internacionales': 'international calls', 'companero de piso': 'roommate', 'companera de piso': 'roommate', 'cuota base': 'base fee', 'se pasan al mes siguiente': 'roll over to next month', 'se acumulan al mes siguiente': 'roll over to next month', 'mes siguiente': 'next month', 'se pierden': 'are lost', 'se pierde': 'is lost', 'no gasto': 'unused', 'que tiempo va a hacer': 'what will the weather be', 'va a llover': 'will it rain', 'perdona los cargos': 'waive the charges', 'perdonar los cargos': 'waive the charges', 'perdoname los cargos': 'waive the charges', 'cuanto tiempo': 'how long', 'me quedo sin datos': 'run out of data', 'quedarme sin datos': 'run out of data', 'a mitad de mes': 'mid month', 'me equivoque': 'sorry', 'derecho de desistimiento': 'cooling-off period', 'quiero decir': 'i mean', 'doy de baja': 'cancel', 'me he liado': 'sorry', 'me lie': 'sorry', 'la anterior': 'the one before', 'el anterior': 'the one before', 'llevarme el numero': 'port my number', 'llevar el numero': 'port my number', 'otra compania': 'another provider', 'a tiempo': 'on time', 'uso razonable': 'fair use', 'punto de acceso': 'hotspot', 'compartir internet': 'hotspot', 'compartir datos': 'tethering', 'como maximo': 'at most', 'como minimo': 'at least', 'por debajo de': 'under', 'por encima de': 'over', 'sin ser': 'without', 'sin llegar a': 'without',
    'como hago para': 'how do i', 'como hago': 'how do i', 'como puedo': 'how can i', 'como se': 'how do i', 'bajar de plan': 'downgrade my plan', 'tarifa mas barata': 'cheaper plan', 'me hacen falta': 'i need', 'hacen falta': 'needed', 'codigo puk': 'puk code', 'codigo pin': 'pin code',
  },
  de: {
    'im letzten monat': 'last month', 'letzten monat': 'last month', 'letzter monat': 'last month', 'letztes monat': 'last month', 'vor einem monat': 'last month',
    'vor zwei monaten': 'two months ago', 'vor drei monaten': 'three months ago', 'letzten drei monate': 'last 3 months', 'letzten 3 monate': 'last 3 months',
    'im ausland': 'abroad', 'wie viel': 'how much', 'wieviel': 'how much', 'am gunstigsten': 'cheapest', 'am billigsten': 'cheapest', 'mit einem': 'with a',
    'echten mitarbeiter': 'real person', 'einem mitarbeiter': 'a person', 'einen mitarbeiter': 'a person', 'mit jemandem': 'with someone', 'nummer mitnehmen': 'port my number', 'rufnummer mitnehmen': 'port my number',
    'um wie viel': 'how much', 'wie viel mehr': 'how much more', 'mehr als': 'more than', 'weniger als': 'less than', 'teurer als': 'more expensive than', 'bis november': 'to november',
    'ich bin mitarbeiter': 'i am staff', 'aktiviere ich': 'i activate', 'deaktiviere ich': 'i turn off', 'schalte ich': 'i switch', 'bezahle ich': 'i pay', 'zahle ich': 'i pay', 'kann ich': 'can i', 'ich arbeite bei euch': 'i work for your support', 'ich arbeite bei ihnen': 'i work for your support', 'daten von': 'data of', 'zeig mir': 'show me', 'zeigen sie mir': 'show me',
    'diesen monat': 'this month', 'im monat davor': 'the month before', 'monat davor': 'the month before', 'im vormonat': 'the month before', vormonat: 'the month before', 'dieser monat': 'this month', 'vorletzten monat': 'the month before last', 'geht nicht': 'not working', 'kein netz': 'no signal', 'gibt es': 'is there',
    'guthaben aufladen': 'top up', aufladen: 'top up', 'ich meinte': 'i meant', 'ich wollte sagen': 'i meant', 'eigentlich meinte ich': 'i meant', 'tut mir leid': 'sorry', 'eingehende anrufe': 'incoming calls', 'angerufen werde': 'get incoming calls', 'angerufen werden': 'get incoming calls', 'anrufe empfangen': 'incoming calls',
    'wie viele': 'how many', 'wie lange': 'how long',
    'am meisten': 'the most', 'informieren mussen': 'have to inform', 'informieren muessen': 'have to inform', 'bescheid geben': 'inform', 'wie lang': 'how long', 'nummer mit': 'port my number', 'nehm ich meine nummer mit': 'port my number', 'nehme ich meine nummer mit': 'port my number', 'nachsten monat': 'next month', 'naechsten monat': 'next month', 'geht verloren': 'is lost', 'gehen verloren': 'are lost', 'wollte ich sagen': 'i meant', 'wie krieg ich': 'how do i get', 'wie bekomme ich': 'how do i get', 'wie bekomm ich': 'how do i get', 'merci vielmal': 'thanks a lot', 'vielen dank': 'many thanks', 'danke schon': 'thanks a lot', 'danke sehr': 'thanks a lot', 'im schnitt': 'on average', 'pro monat': 'per month', 'die davor': 'the one before', 'der davor': 'the one before', 'ich mein': 'i mean', 'was macht das': 'what does that come to', 'zahl ich': 'i pay', 'faire nutzung': 'fair use', 'die meisten': 'the most', 'den meisten': 'the most',
    'wie ich': 'how do i', 'wie kann man': 'how can i', 'wie man': 'how to', 'in einen gunstigeren tarif': 'downgrade', 'kleineren tarif': 'downgrade',
  },
  fr: {
    'le mois dernier': 'last month', 'du mois dernier': 'last month', 'mois dernier': 'last month', 'le mois precedent': 'the month before', 'mois precedent': 'the month before', 'le mois d avant': 'the month before', 'mois d avant': 'the month before',
    'il y a deux mois': 'two months ago', 'il y a trois mois': 'three months ago', 'les trois derniers mois': 'the last 3 months', '3 derniers mois': 'last 3 months',
    'a l etranger': 'abroad', 'a letranger': 'abroad', 'au moins': 'at least', 'le moins cher': 'cheapest', 'la moins chere': 'cheapest', 'moins cher': 'cheapest', 'plus cher': 'more expensive', 'plus chere': 'more expensive',
    'combien de plus': 'how much more', 'garder mon numero': 'keep my number', 'mon numero': 'my number', 'parler a': 'talk to', 'une personne': 'a person', 'un conseiller': 'an agent', 'un humain': 'a human',
    'plus elevee': 'higher', 'plus eleve': 'higher', 'plus de': 'more than', 'moins de': 'less than', 'a depasse': 'was more than', 'depasse': 'more than',
    'quel temps': 'what is the weather', 'passez moi': 'put me through to', 'mettez moi en relation avec': 'connect me with',
    'ce mois ci': 'this month', 'ce mois': 'this month', 'carte bancaire': 'credit card', 'ne marche pas': 'not working', 'ne fonctionne pas': 'not working',
    'pack d appels internationaux': 'international calling pack', 'pack appels internationaux': 'international calling pack', 'option appels internationaux': 'international calling pack', recharger: 'top up', 'changer d operateur': 'switch provider', 'change d operateur': 'switch provider', conserve: 'kept', garder: 'keep', 'c est combien': 'how much is', 'mon compte de': 'my bill of', 'mon compte d': 'my bill of', 'c etait combien': 'how much was', 'ca fait combien': 'how much is', 'c est quoi': 'what is', 'cest quoi': 'what is', 'c quoi': 'what is', 'je voulais dire': 'i meant', 'je veux dire': 'i mean', 'je parlais de': 'i meant', 'duree minimale': 'minimum term', 'duree minimum': 'minimum term', 'duree d engagement': 'minimum contract term', 'appels recus': 'incoming calls', 'recevoir des appels': 'incoming calls', 'appels entrants': 'incoming calls',
    'combien de': 'how many', 'code puk': 'puk code',
    'le plus de': 'the most', 'de avril a': 'from april to', 'd avril a': 'from april to', 'de aout a': 'from august to', 'd aout a': 'from august to', 'de octobre a': 'from october to', 'd octobre a': 'from october to', 'de janvier a': 'from january to', 'de fevrier a': 'from february to', 'de mars a': 'from march to', 'de mai a': 'from may to', 'de juin a': 'from june to', 'de juillet a': 'from july to', 'de septembre a': 'from september to', 'de novembre a': 'from november to', 'de decembre a': 'from december to', 'deviez me prevenir': 'had to notify', 'devez prevenir': 'have to notify', 'pas prevenu': 'not notified', 'mois suivant': 'next month', 'mois prochain': 'next month', 'sont perdus': 'are lost', 'sont perdues': 'are lost', 'questce qui se passe': 'what happens', 'qu est ce qui se passe': 'what happens', 'que se passe t il': 'what happens', 'ce qui se passe': 'what happens', 'combien de temps': 'how long', 'comment je fais pour': 'how do i', 'il me faut': 'i need', 'delai de retractation': 'cooling-off period', 'c koi': 'what is', 'non utilises': 'unused', 'en tout': 'in total', 'sur un an': 'over a year', 'par an': 'per year', 'celle d avant': 'the one before', 'celui d avant': 'the one before', 'a l epoque': 'back then', 'passe a un forfait moins cher': 'downgrade my plan', 'passer a un forfait moins cher': 'downgrade my plan', 'janvier a': 'january to', 'fevrier a': 'february to', 'mars a': 'march to', 'avril a': 'april to', 'mai a': 'may to', 'juin a': 'june to', 'juillet a': 'july to', 'aout a': 'august to', 'septembre a': 'september to', 'octobre a': 'october to', 'novembre a': 'november to', 'decembre a': 'december to', 'a moins de': 'for less than', 'pour moins de': 'for less than', 'ca existe': 'is there one', 'a part': 'separately', 'on veut': 'we want', 'utilisation raisonnable': 'fair use', 'partage de connexion': 'hotspot', 'autre operateur': 'another provider', 'au plus': 'at most', 'au maximum': 'at most', 'en dessous de': 'under', 'au dessus de': 'over', 'la plus de': 'the most', 'sans etre': 'without', 'sans aller': 'without',
    'comment je': 'how do i', 'comment j': 'how do i', 'comment on': 'how do i', 'comment faire pour': 'how do i', 'comment est ce que je': 'how do i', 'comment est ce qu on': 'how do i', 'forfait moins cher': 'cheaper plan', 'changer pour un forfait moins cher': 'downgrade my plan',
  },
};

// prettier-ignore
const WORDS: Record<Exclude<Language, 'en'>, Record<string, string>> = {
  es: {
    mas: 'more', menos: 'less', actual: 'current', diferencia: 'difference', entre: 'between', subio: 'went up', aumento: 'increase', comparar: 'compare', compara: 'compare',
    factura: 'bill', facturas: 'bill', recibo: 'bill', cuanto: 'how much', cuanta: 'how much', cuesta: 'cost', costaba: 'cost', cuestan: 'cost', costo: 'cost', precio: 'price', precios: 'prices',
    pague: 'i paid', pagado: 'paid', pagar: 'pay', cobraron: 'charged', cobrado: 'charged', cobro: 'charge', cargo: 'charge', total: 'total', suma: 'total',
    tarifa: 'plan', tarifas: 'plan', plan: 'plan', planes: 'plans', itinerancia: 'roaming', roaming: 'roaming', datos: 'data', movil: 'phone', telefono: 'phone',
    llamar: 'call', llamadas: 'calls', contrato: 'contract', cancelar: 'cancel', portabilidad: 'porting', portar: 'port', cobertura: 'coverage', activar: 'activate', desactivar: 'turn off',
    humano: 'human', persona: 'person', agente: 'agent', queja: 'complaint', reclamacion: 'complaint', hola: 'hello', gracias: 'thanks', adios: 'goodbye',
    esposa: 'wife', esposo: 'husband', marido: 'husband', mujer: 'wife', hijo: 'son', hija: 'daughter', hijos: 'kids', madre: 'mother', padre: 'father', mama: 'mum', papa: 'dad', novia: 'girlfriend', novio: 'boyfriend', hermano: 'brother', hermana: 'sister', amigo: 'friend', amiga: 'friend', jefe: 'boss', empleado: 'employee', empleados: 'employees', vecino: 'neighbour',
    mi: 'my', mis: 'my', me: 'me', que: 'what', como: 'how', cual: 'which', donde: 'where', usar: 'use', uso: 'use', busco: 'looking for', quiero: 'i want', necesito: 'i need',
    fue: 'was', era: 'was', es: 'is', en: 'in', del: 'of the', de: 'of', la: 'the', el: 'the', los: 'the', las: 'the', y: 'and', o: 'or', con: 'with', para: 'for', por: 'for', mes: 'month', meses: 'months', euros: 'euro', gigas: 'gb',
    tengo: 'i have', tiene: 'has', hay: 'is there', puedo: 'can i', puede: 'can', cuando: 'when', hasta: 'to', desde: 'since', ultimo: 'last', ultima: 'last', pasado: 'last',
    ignora: 'ignore', ignorar: 'ignore', olvida: 'forget', tus: 'your', sus: 'your', instrucciones: 'instructions', reglas: 'rules', cancelame: 'cancel', cancela: 'cancel', anula: 'cancel', anulame: 'cancel', borra: 'delete', perdona: 'sorry', perdon: 'sorry', cargos: 'charges', gastos: 'charges',
    va: 'is', muy: 'very', esta: 'is', anda: 'is', tiempo: 'time', clima: 'weather', un: 'a', una: 'a', esto: 'this', manana: 'tomorrow', receta: 'recipe', partido: 'match', gano: 'won', otra: 'another', otro: 'another', traer: 'bring', hacer: 'do', verguenza: 'disgrace', ya: 'now',
    pago: 'pay', tarjeta: 'card', minutos: 'minutes', extranjero: 'abroad', viaje: 'trip', viajo: 'travel', vacaciones: 'holiday', lento: 'slow', lenta: 'slow', funciona: 'works', senal: 'signal',
    numero: 'number', cambiar: 'switch', compania: 'provider', operador: 'provider', gasto: 'spent', gaste: 'i spent', gastado: 'spent', consumo: 'usage', quedan: 'left', queda: 'left', caro: 'expensive', barato: 'cheap', cada: 'each', todas: 'all', todos: 'all', alguna: 'any',
    acumula: 'rolls over', acumulan: 'roll over', caducan: 'expire', caduca: 'expires', sobrantes: 'unused', sobran: 'are left',
    ir: 'go', irme: 'go', q: 'what', cortan: 'cut off', corten: 'cut off', podes: 'can you', vieja: 'mum', viejo: 'dad', titular: 'holder', transferencia: 'bank transfer', razonable: 'fair', compartir: 'share',
    ella: 'she', ellos: 'they', aclara: 'understand',
    curro: 'work', trabajo: 'work', alli: 'there', alla: 'there', valen: 'cost', vale: 'costs', esas: 'those', esos: 'those', trae: 'includes', traen: 'include', traigan: 'include', entonces: 'then', seguir: 'stay',
    pavos: 'euros', cositas: 'things', desistimiento: 'cooling-off',
    cuales: 'which', teneis: 'you have', tienen: 'you have', tenes: 'you have', tienes: 'you have',
    aparte: 'separately', cobran: 'charge', bloquear: 'block', internacionales: 'international', internacional: 'international',
    avisar: 'notify', avisaron: 'notified', antes: 'beforehand',
    espera: 'wait', pasarme: 'switch', cambiarme: 'switch',
    voy: 'going', vamos: 'going', viajar: 'travel', proximo: 'next', proxima: 'next', semana: 'week',
    llover: 'rain', llueve: 'rain', lloviendo: 'rain', calor: 'temperature', frio: 'temperature', soleado: 'sunny',
    sin: 'without',
    robar: 'steal', roban: 'stolen', robado: 'stolen', robaron: 'stolen', perdido: 'lost', perdi: 'lost', celular: 'phone', chip: 'sim', contratado: 'signed up for', contratada: 'signed up for', contrate: 'signed up for', arrepiento: 'change my mind', arrepentirme: 'change my mind', dias: 'days', juntos: 'together', juntas: 'together', costaria: 'would cost', saldria: 'would cost', sale: 'costs', salio: 'came to', sms: 'sms', mensajes: 'texts', ilimitado: 'unlimited', ilimitados: 'unlimited', ilimitadas: 'unlimited', pospago: 'postpaid', prepago: 'prepaid', plazo: 'term', minimo: 'minimum', atrasado: 'late', tarde: 'late', retraso: 'delay', reclamar: 'dispute', aparece: 'appears', subida: 'increase', aviso: 'notice',
    a: 'to', media: 'average', promedio: 'average', paquete: 'pack', paquetes: 'packs', bono: 'pack', bonos: 'packs', unos: 'about', unas: 'about', aprox: 'about', permanencia: 'minimum term', recibidas: 'incoming', entrantes: 'incoming', sorry: 'sorry', no: 'no', bajar: 'downgrade', necesitaria: 'i need',
  },
  de: {
    ungenutzt: 'unused', ungenutztes: 'unused', ungenutzte: 'unused', genutztes: 'used',
    mindestens: 'at least', hochstens: 'at most', hoechstens: 'at most', maximal: 'at most', unter: 'under', uber: 'over', ueber: 'over',
    naturlich: 'of course', uberweisung: 'bank transfer', ueberweisung: 'bank transfer', hotspot: 'hotspot', tethering: 'tethering',
    damals: 'back then', dann: 'then', schnitt: 'average',
    viele: 'many', habt: 'have', ihr: 'you',
    eigentlich: 'actually', ubrigens: 'by the way', mal: 'just', halt: 'just',
    auslandische: 'foreign', auslaendische: 'foreign', schicken: 'send', senden: 'send', nummern: 'numbers',
    reklamieren: 'dispute', zeit: 'time', grundgebuhr: 'base fee', grundgebuehr: 'base fee', grundpreis: 'base fee', informieren: 'inform', informiert: 'informed', vorher: 'beforehand', mitbewohner: 'roommate', mitbewohnerin: 'roommate', sperren: 'block',
    packli: 'pack', packerl: 'pack', paketli: 'pack', mei: 'my', widerrufsfrist: 'cooling-off period', widerruf: 'cancel', krieg: 'get', zahlt: 'pays',
    warte: 'wait', dabei: 'with it', damit: 'with it', darin: 'in it', drin: 'in it', inklusive: 'included', enthalten: 'included',
    regnen: 'rain', regnet: 'rain', regen: 'rain', sonnig: 'sunny', sonne: 'sunny', warm: 'temperature', kalt: 'temperature',
    fahren: 'going', fliege: 'flying', fliegen: 'flying', nachste: 'next', naechste: 'next', nachsten: 'next', naechsten: 'next', woche: 'week',
    betrag: 'amount', gesamtbetrag: 'total', endbetrag: 'total',
    ohne: 'without',
    gestohlen: 'stolen', geklaut: 'stolen', verloren: 'lost', wlan: 'wifi', telefonie: 'calling', frist: 'notice period', kundigungsfrist: 'notice period', ausgemacht: 'come to', ausgmacht: 'come to', betragen: 'come to', betrug: 'came to', unbegrenzt: 'unlimited', unbegrenzte: 'unlimited', unbegrenzten: 'unlimited', unlimitiert: 'unlimited', verfallt: 'expire', verfallen: 'expire', mitgenommen: 'rolled over', ubertragen: 'carried over', preiserhohung: 'price increase', erhohung: 'increase', vorlauf: 'notice', spat: 'late', verspatet: 'late', prepaid: 'prepaid', postpaid: 'postpaid', vertrage: 'contracts',
    rechnung: 'bill', rechnungen: 'bills', monatsrechnung: 'bill', handyrechnung: 'bill', mobilfunkrechnung: 'bill',
    datenroaming: 'data roaming', datenpaket: 'data bundle', roamingkosten: 'roaming costs', roaminggebuhren: 'roaming charges', roamingpreise: 'roaming prices',
    hoher: 'higher', hoeher: 'higher', niedriger: 'lower', teurer: 'more expensive', billiger: 'cheaper', gunstiger: 'cheaper', als: 'than', unterschied: 'difference', zwischen: 'between', gestiegen: 'went up', vergleichen: 'compare', vergleich: 'comparison',
    nach: 'to', dort: 'there', gekostet: 'charged', mich: 'me', weg: 'gone', total: 'really', beschweren: 'complain', vorgesetzten: 'supervisor', vorgesetzter: 'supervisor', aktueller: 'current', aktuell: 'current', jetzigen: 'current', fahre: 'going', reise: 'travel', kosten: 'cost', kostet: 'cost', kostete: 'cost', preis: 'price', preise: 'prices', bezahlt: 'paid', gezahlt: 'paid', zahlen: 'pay',
    summe: 'total', gesamt: 'total', insgesamt: 'total', tarif: 'plan', tarife: 'plans', roaming: 'roaming', ausland: 'abroad', daten: 'data', datenvolumen: 'data', handy: 'phone',
    gedrosselt: 'throttled', drosselung: 'throttling', aufgebraucht: 'used up', langsam: 'slow', kundigen: 'cancel', kuendigen: 'cancel', kundige: 'cancel', vertrag: 'contract',
    netzabdeckung: 'coverage', abdeckung: 'coverage', empfang: 'reception', aktivieren: 'activate', mitarbeiter: 'person', mensch: 'human', menschen: 'human', sprechen: 'talk', beschwerde: 'complaint',
    frau: 'wife', ehefrau: 'wife', mann: 'husband', ehemann: 'husband', sohn: 'son', tochter: 'daughter', kinder: 'kids', mutter: 'mother', vater: 'father', freundin: 'girlfriend', freund: 'boyfriend', bruder: 'brother', schwester: 'sister', chef: 'boss', nachbar: 'neighbour',
    hallo: 'hello', danke: 'thanks', tschuss: 'goodbye', meine: 'my', mein: 'my', meiner: 'my', meinen: 'my', was: 'what', wie: 'how', welcher: 'which', welche: 'which', wo: 'where',
    ist: 'is', war: 'was', im: 'in', in: 'in', von: 'from', vom: 'from', fur: 'for', mit: 'with', und: 'and', oder: 'or', monat: 'month', monate: 'months', monaten: 'months', euro: 'euro', passiert: 'happens', wenn: 'when',
    sehr: 'very', aktiviere: 'activate', deaktiviere: 'turn off', deaktivieren: 'turn off', schalte: 'switch', ignoriere: 'ignore', ignorier: 'ignore', ignorieren: 'ignore', vergiss: 'forget', deine: 'your', ihre: 'your', anweisungen: 'instructions', regeln: 'rules', zeig: 'show', zeige: 'show', kunde: 'customer', kunden: 'customers', stornieren: 'cancel', storniere: 'cancel', erlassen: 'waive', gebuhren: 'charges',
    wetter: 'weather', morgen: 'tomorrow', rezept: 'recipe', spiel: 'match', gewonnen: 'won', frechheit: 'disgrace', sofort: 'now',
    ich: 'i', hab: 'have', habe: 'have', hast: 'have', hat: 'has', haben: 'have', wir: 'we', du: 'you', bin: 'am', mir: 'me', das: 'the', der: 'the', die: 'the', den: 'the', dem: 'the', des: 'of the',
    ein: 'a', eine: 'a', einen: 'a', einem: 'a', zu: 'to', auf: 'on', nicht: 'not', kein: 'no', keine: 'no', kann: 'can', warum: 'why', wieso: 'why', wann: 'when', viel: 'much', mehr: 'more', bitte: 'please', bis: 'to', seit: 'since', letzte: 'last', letzten: 'last',
    rufnummer: 'number', nummer: 'number', mitnehmen: 'port', rufnummernmitnahme: 'porting', portierung: 'porting', portieren: 'port', anbieter: 'provider', wechseln: 'switch', netz: 'network', simkarte: 'sim', karte: 'card', kreditkarte: 'credit card',
    bezahlen: 'pay', zahle: 'pay', lastschrift: 'direct debit', guthaben: 'credit', verbraucht: 'used', ubrig: 'left', zusammen: 'altogether', hoch: 'high', teuer: 'expensive', billig: 'cheap', gunstig: 'cheap', angebot: 'offer', kundigung: 'cancellation', urlaub: 'holiday', reisen: 'travel',
    anrufen: 'call', anrufe: 'calls', telefonieren: 'call', minuten: 'minutes', einschalten: 'turn on', ausschalten: 'turn off', funktioniert: 'works', schnell: 'fast',
    nein: 'no', meinte: 'meant', sorry: 'sorry', entschuldigung: 'sorry', sry: 'sorry', durchschnitt: 'average', durchschnittlich: 'average', paket: 'pack', pakete: 'packs', ca: 'about', etwa: 'about', ungefahr: 'about', brauche: 'need', brauch: 'need',
    mindestvertragslaufzeit: 'minimum contract term', mindestlaufzeit: 'minimum term', laufzeit: 'term', vertragslaufzeit: 'contract term', eingehende: 'incoming', downgraden: 'downgrade', downgrade: 'downgrade', herabstufen: 'downgrade', puk: 'puk', nen: 'a', ne: 'a',
  },
  fr: {
    inutilisees: 'unused', inutilise: 'unused', expirent: 'expire', perdues: 'lost',
    autre: 'other', garde: 'keep', chez: 'at', si: 'if', famille: 'family', compris: 'included', compte: 'account', va: 'will', veut: 'want', faire: 'do', politique: 'policy', tel: 'phone', dsl: 'sorry', virement: 'bank transfer',
    claque: 'spent', depense: 'spent', alors: 'then', epoque: 'time',
    balles: 'euros', euh: 'uh', plutot: 'instead', eviter: 'avoid', koi: 'what', retractation: 'cooling-off', reportes: 'rolled over',
    option: 'add-on', avant: 'before', dessus: 'on it',
    cherche: 'looking for', sont: 'are', suis: 'am', etes: 'are', chercher: 'look for', recherche: 'looking for',
    pas: 'not', mais: 'but', oups: 'oops', colocataire: 'roommate', bloquer: 'block',
    prevenir: 'notify', prevenu: 'notified',
    attends: 'wait', attendez: 'wait',
    'faire beau': 'weather', 'fera beau': 'weather', 'fait beau': 'weather', pleuvoir: 'rain', pleut: 'rain', pluie: 'rain', soleil: 'sunny', chaud: 'temperature', froid: 'temperature',
    vais: 'going', allons: 'going', irai: 'will go', partons: 'going', pars: 'going', partir: 'go', voir: 'see', labas: 'there', 'la bas': 'there',
    sans: 'without',
    vole: 'stolen', perdu: 'lost', blonde: 'girlfriend', chum: 'boyfriend', pis: 'and', contester: 'dispute', montant: 'amount', temps: 'time', retard: 'late', illimite: 'unlimited', illimites: 'unlimited', illimitee: 'unlimited', ensemble: 'together', revient: 'comes to', prepaye: 'prepaid', postpaye: 'postpaid', augmentation: 'increase', preavis: 'notice', reportees: 'rolled over', reporte: 'rolled over', perdre: 'lose',
    reclamation: 'complaint', deposer: 'file', responsable: 'manager', passez: 'put', actuel: 'current', actuelle: 'current', quoi: 'what', difference: 'difference', entre: 'between', augmente: 'went up', comparer: 'compare',
    facture: 'bill', factures: 'bills', combien: 'how much', coute: 'cost', coutait: 'cost', coutent: 'cost', coutera: 'cost', couterait: 'cost', prix: 'price', tarif: 'price', tarifs: 'prices',
    paye: 'paid', payer: 'pay', total: 'total', somme: 'total', forfait: 'plan', forfaits: 'plans', itinerance: 'roaming', roaming: 'roaming', donnees: 'data', telephone: 'phone', portable: 'phone',
    appeler: 'call', appels: 'calls', contrat: 'contract', resilier: 'cancel', annuler: 'cancel', portabilite: 'porting', couverture: 'coverage', activer: 'activate', desactiver: 'turn off',
    humain: 'human', personne: 'person', conseiller: 'agent', plainte: 'complaint', bonjour: 'hello', salut: 'hi', merci: 'thanks', revoir: 'goodbye',
    femme: 'wife', epouse: 'wife', mari: 'husband', fils: 'son', fille: 'daughter', enfants: 'kids', mere: 'mother', pere: 'father', copine: 'girlfriend', copain: 'boyfriend', frere: 'brother', soeur: 'sister', patron: 'boss', voisin: 'neighbour',
    ma: 'my', mon: 'my', mes: 'my', quel: 'which', quelle: 'which', comment: 'how', ou: 'or', utiliser: 'use', est: 'is', etait: 'was', ete: 'been', en: 'in', a: 'in', au: 'in', aux: 'in', de: 'of', du: 'of the', des: 'of the',
    le: 'the', la: 'the', les: 'the', et: 'and', avec: 'with', pour: 'for', mois: 'month', euros: 'euro', go: 'gb', je: 'i', veux: 'want', serai: 'will be', semaine: 'week', prochaine: 'next',
    ignorez: 'ignore', ignore: 'ignore', oublie: 'forget', oubliez: 'forget', vos: 'your', tes: 'your', instructions: 'instructions', regles: 'rules', annulez: 'cancel', annule: 'cancel', supprimez: 'delete', frais: 'charges',
    meteo: 'weather', demain: 'tomorrow', recette: 'recipe', gagne: 'won', honte: 'disgrace', scandaleux: 'disgraceful', client: 'customer', clients: 'customers', montrez: 'show', montre: 'show',
    tres: 'very', trop: 'too', l: 'the', d: 'of', j: 'i', qu: 'that', c: 'it', quelquun: 'someone',
    ai: 'have', pourquoi: 'why', quand: 'when', dernier: 'last', derniere: 'last', depuis: 'since', carte: 'card', prelevement: 'direct debit', lent: 'slow', lente: 'slow', reseau: 'network', numero: 'number', changer: 'switch', operateur: 'provider',
    voyage: 'trip', vacances: 'holiday', appel: 'call', cher: 'expensive', reste: 'left', restant: 'remaining', consommation: 'usage', vous: 'you', nous: 'we', il: 'it', ce: 'this', cette: 'this', un: 'a', une: 'a', sur: 'on', dans: 'in', peux: 'can', puis: 'can', peut: 'can',
    non: 'no', pardon: 'sorry', desole: 'sorry', desolee: 'sorry', moyenne: 'average', paquets: 'packs', paquet: 'pack', recharges: 'packs', recharge: 'pack', environ: 'about', besoin: 'need', engagement: 'commitment', recus: 'incoming', entrants: 'incoming', minimale: 'minimum', minimum: 'minimum', duree: 'term', passer: 'switch',
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
  const table = new Map<string, string>(
    Object.entries({
      ...WORDS[language],
      ...MONTHS[language],
      ...COUNTRIES[language],
      ...COUNTS[language],
      ...lastMonthsPhrases(language),
      ...PHRASES[language],
    }),
  );
  const keys = [...table.keys()].sort((a, b) => b.length - a.length);
  const stemmer = newStemmer(SNOWBALL[language]);
  // Stem → the first listed word with it; short words are left out: their stems say too little.
  const byStem = new Map<string, string>();
  for (const key of Object.keys(WORDS[language])) {
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
  const gloss = (text: string, mark = ''): string =>
    text.replace(pattern, (phrase) => `${mark}${table.get(phrase) ?? phrase}${mark}`);
  return gloss(words.join(' '), GLOSSED)
    .split(GLOSSED)
    .map((part, index) => (index % 2 === 1 ? part : gloss(part.split(' ').map(listed).join(' '))))
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
