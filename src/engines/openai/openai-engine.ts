import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionToolMessageParam,
} from 'openai/resources/chat/completions';
import type { Span } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';
import type { Config } from '../../config/config.ts';
import type { Domain } from '../../domains/registry.ts';
import type { ToolDefinition, ToolResult } from '../../mcp/tool-client.ts';
import type { AnswerRequest, Engine, RouteDecision, RouteRequest } from '../engine.ts';
import { ModelBehaviorError, ModelUnavailableError } from '../../core/failures.ts';
import { APIConnectionError, APIError } from 'openai';
import { createUpstreamBreaker, type UpstreamBreaker } from '../../core/circuit-breaker.ts';
import { createChatClient, toModelUnavailable, type ChatClient } from './chat-client.ts';
import { CorrectionBudget, type Misbehaviour } from './correction-budget.ts';
import { createArgumentChecker, toFunctionTool, type ArgumentChecker } from './function-tools.ts';
import { decisionForVerdict, guardrailMessages, guardrailResponseFormat } from './guardrail-check.ts';
import { agentPrompt, historyMessages, routingHistory, routingPrompt } from './prompts.ts';
import { parseRouteDecision, routeResponseFormat } from './route-decision.ts';
import { detectLanguage } from '../offline/languages.ts';
import { chatSpan, recordChatCompletion } from '../../telemetry/genai.ts';
import { inSpan } from '../../telemetry/tracing.ts';
import { z } from 'zod';
import { storableText, TEXT_BOUNDS } from '../../core/text-bounds.ts';

/** What the OpenAI engine is built from. */
export interface OpenAiEngineOptions {
  config: Config['llm'];
  logger?: Logger;
  /** A circuit breaker around the model service; without it every call tries the service. */
  breaker?: Config['breaker'];
}

type ChatRequest = Omit<ChatCompletionCreateParamsNonStreaming, 'model'>;

/** Everything the route and answer functions share, built once per engine. */
interface EngineContext {
  chat: ChatClient;
  config: Config['llm'];
  logger: Logger;
  checkArguments: ArgumentChecker;
  breaker: UpstreamBreaker | undefined;
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
    breaker: undefined,
  };
  if (options.breaker) {
    const settings = options.breaker;
    context.breaker = createUpstreamBreaker({
      name: 'model',
      settings,
      logger: context.logger,
      isFailure: isServiceFailure,
      whenOpen: (retryInMs) =>
        new ModelUnavailableError(
          `The model service failed ${settings.threshold} times in a row, so messages fail fast until it answers again (next check in ${Math.ceil(retryInMs / 1000)} s)`,
        ),
    });
  }
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
function complete(
  context: EngineContext,
  request: ChatRequest,
  signal: AbortSignal,
): Promise<ChatCompletionMessage> {
  // One `chat {model}` span per model call (GenAI semantic conventions); a failure marks it with the reason.
  return inSpan(...chatSpan(context.chat.provider, context.chat.model), (span) =>
    completeInSpan(context, request, signal, span),
  );
}

async function completeInSpan(
  context: EngineContext,
  request: ChatRequest,
  signal: AbortSignal,
  span: Span,
): Promise<ChatCompletionMessage> {
  const { chat, logger } = context;
  signal.throwIfAborted();
  let response: unknown;
  try {
    const call = () =>
      chat.client.chat.completions.create(
        { ...request, model: chat.model, max_tokens: context.config.maxOutputTokens },
        { signal },
      );
    response = await (context.breaker ? context.breaker.run(call) : call());
  } catch (error) {
    signal.throwIfAborted();
    // The client parses a JSON body itself: a cut or garbled one is the server answering wrongly,
    // not the service being unreachable.
    if (error instanceof SyntaxError) {
      const behaviour = new ModelBehaviorError(
        'The model service answered with a body that is not valid JSON',
        {
          cause: error,
        },
      );
      logger.warn({ reason: behaviour.detail }, 'model call failed');
      throw behaviour;
    }
    const unavailable = error instanceof ModelUnavailableError ? error : toModelUnavailable(error, chat);
    logger.warn({ reason: unavailable.message }, 'model call failed');
    throw unavailable;
  }
  recordChatCompletion(span, chat.provider, chat.model, response);
  const completion = parseCompletion(response);
  logger.debug({ usage: completion.usage, finish: completion.choices[0]?.finish_reason }, 'model call done');
  const { message } = completion.choices[0];
  return {
    role: 'assistant',
    content: message.content ?? null,
    refusal: message.refusal ?? null,
    ...(message.tool_calls?.length ? { tool_calls: message.tool_calls } : {}),
  };
}

/**
 * The part of a Chat Completions response the engine reads, checked before it is read: the client
 * returns whatever body the server sent (a text body as a string), so a server that answers 200 with
 * no choices or fields of the wrong type is a model fault (`model_error`), never a TypeError of ours.
 */
const completionSchema = z.object({
  choices: z
    .array(
      z.looseObject({
        finish_reason: z.string().nullish(),
        message: z.looseObject({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z
            .array(
              z.looseObject({
                id: z.string(),
                type: z.literal('function'),
                function: z.looseObject({ name: z.string(), arguments: z.string() }),
              }),
            )
            .nullish(),
        }),
      }),
    )
    .min(1),
  usage: z.unknown().optional(),
});

function parseCompletion(response: unknown): z.infer<typeof completionSchema> & {
  choices: [z.infer<typeof completionSchema>['choices'][number]];
} {
  const parsed = completionSchema.safeParse(response);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'the body';
    throw new ModelBehaviorError(
      typeof response === 'object' && response !== null
        ? `The model service answered with a malformed completion (${where}: ${parsed.error.issues[0]?.message})`
        : 'The model service answered with a body that is not a JSON completion',
    );
  }
  return parsed.data as ReturnType<typeof parseCompletion>;
}

/**
 * What says the model service itself is failing (after the client's own retries): unreachable, too
 * slow, rate limited, 5xx. A 400 or 401 is about the request or the key, and the caller's abort is
 * nobody's failure; neither opens the circuit.
 */
function isServiceFailure(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  return (
    error instanceof APIError &&
    typeof error.status === 'number' &&
    (error.status === 429 || error.status >= 500)
  );
}

const asDomains = (request: RouteRequest): readonly [Domain, ...Domain[]] => {
  const [first, ...rest] = request.agents.map((a) => a.domain);
  if (!first) throw new Error('route() needs at least one agent profile to choose from');
  return [first, ...rest];
};

async function route(context: EngineContext, request: RouteRequest): Promise<RouteDecision> {
  if (context.config.guardrailCheck) {
    const screened = await complete(
      context,
      { messages: guardrailMessages(request.message), response_format: guardrailResponseFormat },
      request.signal,
    );
    const { decision, problem } = decisionForVerdict(screened.content);
    if (problem) context.logger.warn({ problem }, 'model guardrail answer unusable; routing the message');
    if (decision) {
      context.logger.info({ reason: decision.reason }, 'message stopped by the model guardrail');
      return decision;
    }
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
      return { kind: 'decline', because: 'refused', reason: `The model refused: ${message.refusal}` };
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
    {
      role: 'system',
      content: agentPrompt(request.agent, request.now, request.route?.text, detectLanguage(request.message)),
    },
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
    // Sent back to the model within the bounds (a refused oversized call is cut with a marker).
    messages.push({
      role: 'assistant',
      content: message.content === null ? null : storableText(message.content, TEXT_BOUNDS.answerChars),
      tool_calls: calls.map(boundedCall),
    });
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
    if (raw.length > TEXT_BOUNDS.toolArgumentsChars) {
      const problem = `the arguments are ${raw.length} characters long, more than the ${TEXT_BOUNDS.toolArgumentsChars} allowed`;
      replies.push(toolReply(call.id, `Error: ${problem}. Call ${name} again with shorter arguments.`));
      issue ??= { summary: `The model called '${name}' with oversized arguments`, detail: problem };
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
    replies.push(toolReply(call.id, resultText(name, result)));
  }
  return { replies, issue };
}

/** A tool call as it is kept in the exchange: its arguments within their bound. */
const boundedCall = (call: ChatCompletionMessageToolCall): ChatCompletionMessageToolCall =>
  call.type === 'function'
    ? {
        ...call,
        function: {
          ...call.function,
          arguments: storableText(call.function.arguments, TEXT_BOUNDS.toolArgumentsChars),
        },
      }
    : call;

const toolReply = (id: string, content: string): ChatCompletionToolMessageParam => ({
  role: 'tool',
  tool_call_id: id,
  content,
});

/**
 * A tool's result as the model sees it: fenced in `<tool_output>` tags, which the system prompt
 * says hold data, never instructions, so text a tool returns cannot pose as the operator's. A fence
 * inside the text is defused so it cannot close the real one early. An error result is data too
 * (e.g. "no billing data for that month"), marked as such.
 */
function resultText(name: string, result: ToolResult): string {
  const text = result.text.trim() || (result.structured ? JSON.stringify(result.structured) : '(no content)');
  const body = (result.isError ? `Error: ${text}` : text).replace(/<(\/?)tool_output/gi, '<$1tool-output');
  return `<tool_output tool="${name}">\n${body}\n</tool_output>`;
}
