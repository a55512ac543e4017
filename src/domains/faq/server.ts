import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { DomainServerOptions } from '../domain.ts';
import { toolResult } from '../../mcp/tool-results.ts';
import { createToolServer, defineTool, READ_ONLY } from '../../mcp/tool-server.ts';
import { integerArgument, textArgument } from '../../mcp/tool-arguments.ts';
import { FaqSearch, type FaqMatch } from './faq-search.ts';
import { FAQ_CATEGORIES, FAQ_ENTRIES } from './knowledge-base.ts';

const DEFAULT_LIMIT = 3;

/** structuredContent of `search_faq`. */
export const FaqOutputSchema = z.object({
  query: z.string(),
  results: z.array(
    z.object({
      id: z.string(),
      category: z.enum(FAQ_CATEGORIES),
      question: z.string(),
      answer: z.string(),
      score: z.number().describe('Relevance, higher is better'),
    }),
  ),
  categories: z.array(z.enum(FAQ_CATEGORIES)).describe('Every topic the FAQ covers'),
});

const render = (query: string, matches: readonly FaqMatch[]): string =>
  matches.length === 0
    ? `No FAQ entry matches "${query}". Topics covered: ${FAQ_CATEGORIES.join(', ')}.`
    : matches
        .map((m, i) => `${i + 1}. [${m.category}, score ${m.score}] Q: ${m.question}\nA: ${m.answer}`)
        .join('\n\n');

/** The FAQ domain's MCP server: full-text search over the shipped customer-service knowledge base. */
export function createFaqMcpServer(_options: DomainServerOptions = {}): McpServer {
  // One index per server: building it is cheap (tens of entries) and keeps servers independent.
  const faq = new FaqSearch(FAQ_ENTRIES);
  const searchFaq = defineTool({
    name: 'search_faq',
    title: 'Search the FAQ',
    description:
      "Searches the operator's customer-service FAQ and returns the best matching questions with their " +
      'answers and a relevance score (higher is better), best first. Topics: roaming, bills and payments, ' +
      'plans and upgrades, SIM and eSIM, number porting, data and fair use, international calls, contracts ' +
      'and cancellation, coverage and 5G. Pass the customer question in plain words; typos and word forms ' +
      'are tolerated. An empty result list means nothing relevant was found.',
    inputSchema: {
      query: textArgument({ max: 500 }).describe(
        'The question in plain English, e.g. "how do I activate an eSIM"',
      ),
      limit: integerArgument({ min: 1, max: 10 })
        .optional()
        .describe(`How many matches to return, 1–10, as a number or a string (default ${DEFAULT_LIMIT})`),
    },
    outputSchema: FaqOutputSchema,
    annotations: READ_ONLY,
    handler: ({ query, limit }) => {
      const results = faq.search(query, limit ?? DEFAULT_LIMIT);
      return toolResult({ query, results, categories: [...FAQ_CATEGORIES] }, render(query, results));
    },
  });
  return createToolServer('faq', [searchFaq]);
}
