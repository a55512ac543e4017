import { SpanKind, type Attributes, type Span, type SpanOptions } from '@opentelemetry/api';
import { z } from 'zod';
import { serviceInstruments } from './metrics.ts';

/** `gen_ai.provider.name` values of the GenAI semantic conventions. */
const PROVIDER_NAMES = { openai: 'openai', azure: 'azure.ai.openai' } as const;

/** The attributes that identify a model call: operation, provider (new and deprecated name) and model. */
function requestAttributes(provider: keyof typeof PROVIDER_NAMES, model: string): Attributes {
  const name = PROVIDER_NAMES[provider];
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': name,
    // The older name, still what many back ends (and Jaeger's GenAI views) read.
    'gen_ai.system': name,
    'gen_ai.request.model': model,
  };
}

/** The span name (`chat {model}`) and options of one Chat Completions call. */
export function chatSpan(provider: keyof typeof PROVIDER_NAMES, model: string): [string, SpanOptions] {
  return [`chat ${model}`, { kind: SpanKind.CLIENT, attributes: requestAttributes(provider, model) }];
}

/**
 * What a Chat Completions response says about itself, never its content; each field only when it has
 * the type the conventions give it.
 */
const completionFacts = z.object({
  id: z.string().optional().catch(undefined),
  model: z.string().optional().catch(undefined),
  usage: z
    .object({
      prompt_tokens: z.number().optional().catch(undefined),
      completion_tokens: z.number().optional().catch(undefined),
    })
    .nullish()
    .catch(undefined),
  choices: z
    .array(z.object({ finish_reason: z.string().nullish().catch(undefined) }).catch({}))
    .optional()
    .catch(undefined),
});

/**
 * Records the response's model, id, finish reasons and token usage on the span and in the token
 * metric. The response is whatever the model server sent, read before the engine checks it: what is
 * missing or of the wrong type is left out, so telemetry never turns a malformed answer (a model
 * fault) into an error of its own.
 */
export function recordChatCompletion(
  span: Span,
  provider: keyof typeof PROVIDER_NAMES,
  model: string,
  response: unknown,
): void {
  const parsed = completionFacts.safeParse(response);
  if (!parsed.success) return;
  const completion = parsed.data;
  if (completion.model) span.setAttribute('gen_ai.response.model', completion.model);
  if (completion.id) span.setAttribute('gen_ai.response.id', completion.id);
  if (completion.choices) {
    span.setAttribute(
      'gen_ai.response.finish_reasons',
      completion.choices.map((choice) => choice.finish_reason ?? 'unknown'),
    );
  }
  const input = completion.usage?.prompt_tokens;
  const output = completion.usage?.completion_tokens;
  const attributes = requestAttributes(provider, model);
  const { tokens } = serviceInstruments();
  if (typeof input === 'number') {
    span.setAttribute('gen_ai.usage.input_tokens', input);
    tokens.record(input, { ...attributes, 'gen_ai.token.type': 'input' });
  }
  if (typeof output === 'number') {
    span.setAttribute('gen_ai.usage.output_tokens', output);
    tokens.record(output, { ...attributes, 'gen_ai.token.type': 'output' });
  }
}
