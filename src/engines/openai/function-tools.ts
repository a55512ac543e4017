import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { ToolDefinition } from '../../mcp/tool-client.ts';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Keywords OpenAI's strict function calling rejects. A schema using one of them is still offered
 * to the model, just without `strict`, rather than failing the whole request with a 400.
 */
const STRICT_UNSUPPORTED = new Set([
  'default',
  'oneOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  'patternProperties',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
]);

/** The sub-schemas of a JSON Schema node: properties, items, combinators and definitions. */
function childSchemas(node: JsonObject): unknown[] {
  const children: unknown[] = [];
  if (isObject(node.properties)) children.push(...Object.values(node.properties));
  if (isObject(node.$defs)) children.push(...Object.values(node.$defs));
  if (isObject(node.definitions)) children.push(...Object.values(node.definitions));
  if (node.items !== undefined) children.push(...(Array.isArray(node.items) ? node.items : [node.items]));
  if (Array.isArray(node.anyOf)) children.push(...node.anyOf);
  return children;
}

/**
 * Strict mode guarantees the model's arguments match the schema, but only accepts schemas where
 * every object lists all its properties as required and forbids additional ones. MCP tools with
 * optional parameters do not qualify, so they are sent non-strict and checked here instead.
 */
export function allowsStrictMode(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  if (Object.keys(schema).some((key) => STRICT_UNSUPPORTED.has(key))) return false;
  const isObjectSchema = schema.type === 'object' || isObject(schema.properties);
  if (isObjectSchema) {
    const properties = isObject(schema.properties) ? Object.keys(schema.properties) : [];
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (schema.additionalProperties !== false) return false;
    if (!properties.every((name) => required.includes(name))) return false;
  }
  return childSchemas(schema).every(allowsStrictMode);
}

/** The tool's input schema without `$schema`: models and Ajv's default draft do not need the dialect tag. */
function parametersOf(tool: ToolDefinition): JsonObject {
  const { $schema: _dialect, ...rest } = tool.inputSchema;
  return { type: 'object', properties: {}, ...rest };
}

/** Converts an MCP tool definition to a Chat Completions function tool, strict only where the schema allows. */
export function toFunctionTool(tool: ToolDefinition): ChatCompletionFunctionTool {
  const parameters = parametersOf(tool);
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters,
      strict: allowsStrictMode(parameters),
    },
  };
}

/** The result of checking a model's tool arguments before the call reaches the MCP server. */
export type ArgumentCheck = { ok: true; args: Record<string, unknown> } | { ok: false; problem: string };

/**
 * Checks the model's raw argument string: valid JSON, an object, and valid against the tool's
 * schema. Checking here (not only in the MCP server) lets a wrong call be corrected by the model
 * without being recorded as a tool call the customer's operator would see.
 */
export type ArgumentChecker = (tool: ToolDefinition, rawArguments: string) => ArgumentCheck;

/** Creates an ArgumentChecker that compiles each distinct tool schema once. */
export function createArgumentChecker(): ArgumentChecker {
  const ajv = new AjvJsonSchemaValidator();
  const validators = new Map<string, (input: unknown) => string | undefined>();

  const validatorFor = (tool: ToolDefinition) => {
    const parameters = parametersOf(tool);
    const key = `${tool.name}:${JSON.stringify(parameters)}`;
    let validate = validators.get(key);
    if (!validate) {
      try {
        const check = ajv.getValidator(parameters as JsonSchemaType);
        validate = (input) => {
          const result = check(input);
          return result.valid ? undefined : result.errorMessage;
        };
      } catch {
        // A schema Ajv cannot compile is still enforced by the MCP server itself; do not block the call.
        validate = () => undefined;
      }
      validators.set(key, validate);
    }
    return validate;
  };

  return (tool, rawArguments) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawArguments.trim() === '' ? '{}' : rawArguments);
    } catch (error) {
      return { ok: false, problem: `the arguments are not valid JSON (${(error as Error).message})` };
    }
    if (!isObject(parsed)) return { ok: false, problem: 'the arguments must be a JSON object' };
    const schemaProblem = validatorFor(tool)(parsed);
    if (schemaProblem)
      return { ok: false, problem: `the arguments do not match the tool's schema: ${schemaProblem}` };
    return { ok: true, args: parsed };
  };
}
