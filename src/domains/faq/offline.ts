import { readStructured, type ComposeInput } from '../compose.ts';
import type { FaqCategory } from './knowledge-base.ts';
import { FaqOutputSchema } from './server.ts';

const TOOL = 'search_faq';

const TOPIC_LABELS: Record<FaqCategory, string> = {
  roaming: 'roaming',
  'bills-and-payments': 'bills and payments',
  'plans-and-upgrades': 'plans and upgrades',
  'sim-and-esim': 'SIM and eSIM',
  'number-porting': 'number porting',
  'data-and-fair-use': 'data and fair use',
  'international-calls': 'international calls',
  'contracts-and-cancellation': 'contracts and cancellation',
  'coverage-and-5g': 'coverage and 5G',
};

/** Other matches count as related when they score at least this share of the best one. */
const RELATED_SHARE = 0.5;

/**
 * Answers general questions from `search_faq`: the best match's answer, a few related questions,
 * or, when nothing matches, the topics the FAQ covers.
 */
export async function composeFaqAnswer({ message, reading, language, tools }: ComposeInput): Promise<string> {
  // The knowledge base is English: a Spanish, German or French question is searched in its English reading.
  const query = language !== 'en' && reading ? reading : message;
  const result = await tools.callTool(TOOL, { query, limit: 3 });
  if (result.isError) return `Sorry, I couldn't search our FAQ. ${result.text}`;
  const { results, categories } = readStructured(tools, TOOL, result, FaqOutputSchema);
  const [best, ...others] = results;
  if (!best) {
    const topics = categories.map((c) => TOPIC_LABELS[c]).join(', ');
    return `I couldn't find an answer to that in our FAQ. I can help with questions about ${topics}.`;
  }
  const related = others.filter((other) => other.score >= best.score * RELATED_SHARE);
  const answer = [`From our FAQ — **${best.question}**`, '', best.answer];
  if (related.length > 0) answer.push('', 'Related questions:', ...related.map((r) => `- ${r.question}`));
  return answer.join('\n');
}
