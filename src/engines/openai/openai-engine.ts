import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionToolMessageParam,
} from 'openai/resources/chat/completions';
import { pino, type Logger } from 'pino';
import type { Config, Domain } from '../../config.ts';
import type { ToolDefinition, ToolResult } from '../../mcp/tool-client.ts';
import {
  ModelBehaviorError,
  type AnswerRequest,
  type Engine,
  type RouteDecision,
  type RouteRequest,
} from '../engine.ts';
import { createChatClient, toModelUnavailable, type ChatClient } from './chat-client.ts';
import { CorrectionBudget, type Misbehaviour } from './correction-budget.ts';
import { createArgumentChecker, toFunctionTool, type ArgumentChecker } from './function-tools.ts';
import { checkGuardrails, REFUSAL_REPLY } from './guardrails.ts';
import { agentPrompt, historyMessages, routingHistory, routingPrompt } from './prompts.ts';
import { parseRouteDecision, routeResponseFormat } from './route-decision.ts';

/** What the OpenAI engine is built from. */
export interface OpenAiEngineOptions {
  config: Config['llm'];
  logger?: Logger;
}

type ChatRequest = Omit<ChatCompletionCreateParamsNonStreaming, 'model'>;

/** Everything the route and answer functions share, built once per engine. */
interface EngineContext {
  chat: ChatClient;
  config: Config['llm'];
  logger: Logger;
  checkArguments: ArgumentChecker;
}

/**
 * The OpenAI engine: routes with one structured-output call and answers through a bounded tool
 * loop over the agent's MCP tools. Speaks Chat Completions only, which every OpenAI-compatible
 * server (Azure OpenAI, Ollama, vLLM, llama.cpp) implements.
 */
export function createOpenAiEngine(options: OpenAiEngineOptions): Engine {
  const context: EngineContext = {
    chat: createChatClient(options.config),
    config: options.config,
    logger: options.logger ?? pino({ level: 'silent' }),
    checkArguments: createArgumentChecker(),
  };
  return {
    name: context.chat.provider,
    route: (request) => route(context, request),
    answer: (request) => answer(context, request),
  };
}

/**
 * One Chat Completions call. The SDK retries (maxRetries) and times out (timeout) by itself; what
 * still fails here becomes a ModelUnavailableError, unless the caller aborted, whose own reason wins.
 */
async function complete(
  context: EngineContext,
  request: ChatRequest,
  signal: AbortSignal,
): Promise<ChatCompletionMessage> {
  const { chat, logger } = context;
  signal.throwIfAborted();
  let completion;
  try {
    completion = await chat.client.chat.completions.create({ ...request, model: chat.model }, { signal });
  } catch (error) {
    signal.throwIfAborted();
    const unavailable = toModelUnavailable(error, chat);
    logger.warn({ reason: unavailable.message }, 'model call failed');
    throw unavailable;
  }
  logger.debug({ usage: completion.usage, finish: completion.choices[0]?.finish_reason }, 'model call done');
  const message = completion.choices[0]?.message;
  if (!message) throw new ModelBehaviorError('The model returned no answer (an empty choices list)');
  return message;
}

const asDomains = (request: RouteRequest): readonly [Domain, ...Domain[]] => {
  const [first, ...rest] = request.agents.map((a) => a.domain);
  if (!first) throw new Error('route() needs at least one agent profile to choose from');
  return [first, ...rest];
};

async function route(context: EngineContext, request: RouteRequest): Promise<RouteDecision> {
  const verdict = checkGuardrails(request.message);
  if (verdict) {
    context.logger.info({ rule: verdict.rule }, 'message refused by guardrail');
    return { kind: 'reply', reason: `Refused by the guardrail rule "${verdict.rule}"`, reply: verdict.reply };
  }
  const domains = asDomains(request);
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: routingPrompt(request.agents, request.now) },
    ...routingHistory(request.history),
    { role: 'user', content: request.message },
  ];
  const response_format = routeResponseFormat(domains);
  const budget = new CorrectionBudget();
  for (;;) {
    const message = await complete(context, { messages, response_format }, request.signal);
    if (message.refusal) {
      return { kind: 'reply', reason: `The model refused: ${message.refusal}`, reply: REFUSAL_REPLY };
    }
    const parsed = parseRouteDecision(message.content, domains);
    if (parsed.ok) return parsed.decision;
    budget.spend({ summary: 'The model returned a malformed routing decision', detail: parsed.problem });
    context.logger.warn({ problem: parsed.problem }, 'correcting a malformed routing decision');
    messages.push(
      { role: 'assistant', content: message.content ?? '' },
      {
        role: 'user',
        content: `Your previous answer was not a valid routing decision: ${parsed.problem}. Answer again with only the JSON object.`,
      },
    );
  }
}

/**
 * The final answer is the plain message content, not structured output. Many OpenAI-compatible
 * servers (Ollama, llama.cpp, older vLLM) ignore or reject `response_format` together with `tools`,
 * and wrapping a Markdown table in JSON makes models escape newlines and pipes, a common source
 * of malformed output. Plain content is the answer itself: nothing to parse, nothing to lose.
 */
async function answer(context: EngineContext, request: AnswerRequest): Promise<string> {
  const { config, logger } = context;
  const definitions = await request.tools.listTools();
  const tools = definitions.map(toFunctionTool);
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: agentPrompt(request.agent, request.now) },
    ...historyMessages(request.history),
    { role: 'user', content: request.message },
  ];
  const budget = new CorrectionBudget();
  // Every model call counts as a round, corrections included: the bound is on cost and latency.
  for (let round = 1; round <= config.maxToolRounds; round++) {
    const message = await complete(context, withTools(messages, tools), request.signal);
    const calls = message.tool_calls ?? [];
    if (calls.length === 0) {
      // A model that declines (OpenAI's `refusal` field) still gives the customer an answer.
      const text = message.content?.trim() || message.refusal?.trim();
      if (text) return text;
      budget.spend({ summary: 'The model returned an empty answer' });
      messages.push({ role: 'user', content: "Your reply was empty. Answer the customer's message now." });
      continue;
    }
    // Content next to tool calls is the model thinking aloud: worth showing as a step.
    if (message.content?.trim()) request.onStep(message.content.trim());
    messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
    const { replies, issue } = await runToolCalls(context, request, definitions, calls);
    messages.push(...replies);
    if (issue) {
      budget.spend(issue);
      logger.warn({ issue: issue.summary, detail: issue.detail }, 'correcting a bad tool call');
    }
  }
  throw new ModelBehaviorError(`The model did not finish within ${config.maxToolRounds} tool rounds`);
}

/** Chat Completions rejects an empty `tools` array, so an agent without tools sends none. */
const withTools = (
  messages: ChatCompletionMessageParam[],
  tools: ChatCompletionFunctionTool[],
): ChatRequest => (tools.length > 0 ? { messages, tools } : { messages });

/**
 * Answers every tool call of one model turn (the API requires a `tool` message per call id). Bad
 * calls are answered with the problem, so the model can correct itself; the first one is returned
 * for the correction budget. Good calls go to the MCP server even when a sibling call was bad.
 */
async function runToolCalls(
  context: EngineContext,
  request: AnswerRequest,
  definitions: readonly ToolDefinition[],
  calls: readonly ChatCompletionMessageToolCall[],
): Promise<{ replies: ChatCompletionToolMessageParam[]; issue: Misbehaviour | undefined }> {
  const replies: ChatCompletionToolMessageParam[] = [];
  let issue: Misbehaviour | undefined;
  for (const call of calls) {
    const name = call.type === 'function' ? call.function.name : call.custom.name;
    const raw = call.type === 'function' ? call.function.arguments : call.custom.input;
    const tool = definitions.find((d) => d.name === name);
    if (!tool) {
      const known = definitions.map((d) => d.name).join(', ') || 'none';
      replies.push(
        toolReply(call.id, `Error: there is no tool named '${name}'. The tools you can call: ${known}.`),
      );
      issue ??= { summary: `The model called an unknown tool '${name}'` };
      continue;
    }
    const check = context.checkArguments(tool, raw);
    if (!check.ok) {
      replies.push(
        toolReply(call.id, `Error: ${check.problem}. Call ${name} again with corrected arguments.`),
      );
      issue ??= { summary: `The model called '${name}' with invalid arguments`, detail: check.problem };
      continue;
    }
    const result = await request.tools.callTool(name, check.args, request.signal);
    replies.push(toolReply(call.id, resultText(result)));
  }
  return { replies, issue };
}

const toolReply = (id: string, content: string): ChatCompletionToolMessageParam => ({
  role: 'tool',
  tool_call_id: id,
  content,
});

/** A tool's error result is data for the model (e.g. "no billing data for that month"), marked as such. */
function resultText(result: ToolResult): string {
  const text = result.text.trim() || (result.structured ? JSON.stringify(result.structured) : '(no content)');
  return result.isError ? `Error: ${text}` : text;
}
