import { z } from 'zod';
import { ProcessingFailure } from '../core/failures.ts';
import type { Turn } from '../store/conversation-store.ts';
import type { Slots } from './slots.ts';
import type { ToolClient, ToolResult } from '../mcp/tool-client.ts';
import type { Translate } from '../core/i18n/i18n.ts';

/** What the offline engine gives a domain's answer composer. */
export interface ComposeInput {
  /** The customer's message as written. */
  message: string;
  /**
   * The message as the engine read it, in English (glossed and typo-corrected): what a search over
   * English text (the FAQ's) is given when the customer wrote another language. Absent when an engine
   * reads no such thing.
   */
  reading?: string;
  /** The conversation before it, oldest first. */
  history: readonly Turn[];
  /** Month, country, plan type… extracted from the message (and, for follow-ups, the conversation). */
  slots: Slots;
  /** The domain's MCP tools: every figure in an answer comes from them. */
  tools: ToolClient;
  now: Date;
  /** Records a reasoning step a person would like to read, as an `inprogress` update. */
  onStep: (text: string) => void;
  /** The customer's language (ISO 639-1) and its texts: what the customer reads comes from `t`. */
  language: string;
  t: Translate;
}

/** A domain's deterministic answer composer: reads the tools, writes the customer's answer in Markdown. */
export type ComposeAnswer = (input: ComposeInput) => Promise<string>;

/**
 * The tool's structuredContent, checked against the schema the server publishes. Without it the
 * server broke its contract (a bug on its side, not the customer's): a `tool_contract` failure.
 */
export function readStructured<S extends z.ZodType>(
  tools: Pick<ToolClient, 'domain'>,
  tool: string,
  result: ToolResult,
  schema: S,
): z.infer<S> {
  const parsed = schema.safeParse(result.structured);
  if (!parsed.success) {
    throw new ProcessingFailure(
      'tool_contract',
      `The ${tool} tool answered without the data its output schema promises: ${z.prettifyError(parsed.error)}`,
      tools.domain,
    );
  }
  return parsed.data;
}

/** A cell's text with the characters that would break a Markdown table escaped. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * A Markdown table. `align` marks numeric columns to right-align (e.g. `[false, true]`).
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly boolean[] = [],
): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${headers.map((_, i) => (align[i] ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
