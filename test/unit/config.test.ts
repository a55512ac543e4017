import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

/** The ConfigError loadConfig throws for `env`; fails the test when it parses. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
    return error.problems;
  }
  assert.fail(`${JSON.stringify(env)} was accepted`);
}

describe('config parsing', () => {
  test('an empty environment gives the documented defaults and the offline engine', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8000);
    assert.equal(config.env, 'production');
    assert.equal(config.logFormat, 'json');
    assert.equal(config.llm.provider, 'offline');
    assert.equal(config.worker.queueCapacity, 1000);
    assert.equal(config.database, undefined);
    assert.deepEqual(config.auth.keys, []);
  });

  test('reads numbers, lists, switches and keys from their variables', () => {
    const config = loadConfig({
      PORT: '9100',
      WORKER_CONCURRENCY: '4',
      CORS_ORIGINS: 'https://a.example, https://b.example,',
      LLM_GUARDRAIL_CHECK: 'yes',
      NODE_ENV: 'development',
      API_KEYS: 'alice:0123456789abcdef',
      ADMIN_API_KEYS: 'root:fedcba9876543210',
    });
    assert.equal(config.port, 9100);
    assert.equal(config.worker.concurrency, 4);
    assert.deepEqual(config.cors.origins, ['https://a.example', 'https://b.example']);
    assert.equal(config.llm.guardrailCheck, true);
    assert.equal(config.logFormat, 'pretty', 'development logs for people');
    assert.deepEqual(config.auth.keys, [
      { name: 'alice', key: '0123456789abcdef', admin: false, trusted: false },
      { name: 'root', key: 'fedcba9876543210', admin: true, trusted: false },
    ]);
  });

  test('an empty variable counts as not set', () => {
    assert.equal(loadConfig({ PORT: '', OPENAI_API_KEY: '' }).port, 8000);
    assert.equal(loadConfig({ OPENAI_API_KEY: '' }).llm.provider, 'offline');
  });

  test('a bad value names its variable, says what is expected and shows what it got', () => {
    assert.deepEqual(problemsOf({ PORT: 'eighty' }), ['PORT: must be a whole number (got "eighty")']);
    assert.deepEqual(problemsOf({ WORKER_CONCURRENCY: '0' }), [
      'WORKER_CONCURRENCY: must be at least 1 (got "0")',
    ]);
    assert.deepEqual(problemsOf({ LLM_GUARDRAIL_CHECK: 'maybe' }), [
      'LLM_GUARDRAIL_CHECK: must be true or false (got "maybe")',
    ]);
  });

  test('every bad variable is reported at once', () => {
    const problems = problemsOf({ PORT: '70000', QUEUE_CAPACITY: '-1', OPENAI_BASE_URL: 'not a url' });
    assert.deepEqual(problems.map((problem) => problem.split(':')[0]).sort(), [
      'OPENAI_BASE_URL',
      'PORT',
      'QUEUE_CAPACITY',
    ]);
  });

  test('a secret’s value is never echoed in an error', () => {
    const problems = problemsOf({ API_KEYS: 'alice:short-secret', DATABASE_URL: 'mysql://u:hunter2@db/x' });
    assert.equal(problems.length, 2);
    assert.ok(problems.some((p) => p.startsWith('API_KEYS:')));
    assert.ok(problems.some((p) => p.startsWith('DATABASE_URL:')));
    for (const problem of problems) {
      assert.doesNotMatch(problem, /short-secret|hunter2/);
    }
  });

  test('settings needed together are checked together', () => {
    assert.deepEqual(problemsOf({ LLM_PROVIDER: 'openai' }), [
      'OPENAI_API_KEY: is required when LLM_PROVIDER=openai',
    ]);
    assert.deepEqual(problemsOf({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' }), [
      'HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (5000)',
    ]);
    assert.match(
      problemsOf({ API_KEYS: 'alice:0123456789abcdef', ADMIN_API_KEYS: 'alice:fedcba9876543210' })[0]!,
      /^API_KEYS: names must be unique .*repeated: alice/,
    );
  });
});
