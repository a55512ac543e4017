import { STATUS_CODES } from 'node:http';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, AzureOpenAI } from 'openai';
import type { Config } from '../../config/config.ts';
import { ModelUnavailableError } from '../../core/failures.ts';

type LlmConfig = Config['llm'];

/** A configured Chat Completions client and what a support operator needs to fix it when it fails. */
export interface ChatClient {
  client: OpenAI;
  /** Sent as `model`; for Azure the deployment name (the client puts it in the path as well). */
  model: string;
  provider: 'openai' | 'azure';
  /** The environment variables an operator checks for each kind of failure. */
  variables: { key: string; url: string; model: string };
  /** The key in use, kept only so error reasons can be scrubbed of it. */
  secret: string;
  /** The client's own limits, quoted in failure reasons. */
  timeoutMs: number;
  maxRetries: number;
}

const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Builds the client from Config alone. Every option is passed explicitly (including nulls for the
 * organization and project) because the SDK otherwise falls back to `process.env`, and config is
 * read in one place only. Azure gets its base URL from the endpoint for the same reason: the SDK
 * would read OPENAI_BASE_URL and then refuse the endpoint as "mutually exclusive".
 */
export function createChatClient(config: LlmConfig): ChatClient {
  const common = {
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    organization: null,
    project: null,
  };
  if (config.provider === 'azure') {
    const { endpoint, apiKey, deployment, apiVersion } = config.azure;
    if (!endpoint || !apiKey || !deployment) {
      throw new ModelUnavailableError(
        'Azure OpenAI is not configured: set AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and AZURE_OPENAI_DEPLOYMENT_NAME',
      );
    }
    return {
      client: new AzureOpenAI({
        ...common,
        baseURL: `${endpoint.replace(/\/+$/, '')}/openai`,
        apiKey,
        deployment,
        apiVersion,
      }),
      model: deployment,
      provider: 'azure',
      variables: {
        key: 'AZURE_OPENAI_API_KEY',
        url: 'AZURE_OPENAI_ENDPOINT',
        model: 'AZURE_OPENAI_DEPLOYMENT_NAME',
      },
      secret: apiKey,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
    };
  }
  const { apiKey, baseUrl, model } = config.openai;
  if (!apiKey) throw new ModelUnavailableError('OpenAI is not configured: set OPENAI_API_KEY');
  return {
    client: new OpenAI({ ...common, apiKey, baseURL: baseUrl ?? OPENAI_DEFAULT_BASE_URL }),
    model,
    provider: 'openai',
    variables: { key: 'OPENAI_API_KEY', url: 'OPENAI_BASE_URL', model: 'OPENAI_MODEL' },
    secret: apiKey,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
  };
}

/** The server's own error message, shortened and scrubbed of the key (some servers echo part of it). */
function serverDetail(error: APIError, secret: string): string {
  const raw = typeof error.error === 'object' && error.error !== null ? error.message : '';
  const scrubbed = raw
    .split(secret)
    .join('[redacted]')
    .replace(/^\d{3}\s+/, '');
  return scrubbed.length > 200 ? `${scrubbed.slice(0, 200)}…` : scrubbed;
}

/** " after 2 retries", or nothing when the client was told not to retry. */
const afterRetries = (retries: number): string =>
  retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';

function statusAdvice(status: number, chat: ChatClient): string {
  const v = chat.variables;
  const retried = afterRetries(chat.maxRetries);
  if (status === 401) return `check ${v.key}`;
  if (status === 403) return `the key has no access to this model: check ${v.key} and ${v.model}`;
  if (status === 404) return `check ${v.model} ('${chat.model}') and ${v.url}`;
  if (status === 429) {
    return `rate limit or quota exceeded${retried}: check the account's quota or lower WORKER_CONCURRENCY`;
  }
  if (status >= 500) return `the model service is failing${retried}; try again later`;
  return 'the service rejected the request';
}

/** Where the client sends requests, without any credentials a URL might carry. */
function publicBaseUrl(chat: ChatClient): string {
  try {
    const url = new URL(chat.client.baseURL);
    return `${url.origin}${url.pathname}`;
  } catch {
    return chat.variables.url;
  }
}

/**
 * Turns an SDK failure (after the SDK's own retries) into a ModelUnavailableError whose reason a
 * support operator can act on: the status, what to check, and never the key. The server's message
 * is left out for 401/403 because providers quote (part of) the rejected key in it.
 */
export function toModelUnavailable(error: unknown, chat: ChatClient): ModelUnavailableError {
  const where = chat.provider === 'azure' ? 'The Azure OpenAI service' : 'The model service';
  const retried = afterRetries(chat.maxRetries);
  let reason: string;
  if (error instanceof APIConnectionTimeoutError) {
    reason = `${where} did not answer in time (${chat.timeoutMs} ms per attempt${retried}): check LLM_TIMEOUT_MS and ${chat.variables.url}`;
  } else if (error instanceof APIConnectionError) {
    reason = `${where} could not be reached at ${publicBaseUrl(chat)}${retried}: check ${chat.variables.url}`;
  } else if (error instanceof APIError && typeof error.status === 'number') {
    const status = `${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`;
    const detail = error.status === 401 || error.status === 403 ? '' : serverDetail(error, chat.secret);
    reason = `${where} answered ${status}: ${statusAdvice(error.status, chat)}${detail ? ` (${detail})` : ''}`;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    reason = `${where} failed: ${message.split(chat.secret).join('[redacted]')}`;
  }
  return new ModelUnavailableError(reason, { cause: error });
}
