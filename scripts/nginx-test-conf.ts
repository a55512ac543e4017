/**
 * Runs the project's real nginx.conf on this machine, for the tests.
 *
 * The production file stays as it is. A temporary copy changes only what cannot work outside the
 * compose network or without root: the upstream `server api:8000` line (nginx resolves `api` at
 * start-up, and only compose's DNS knows it), the `listen` line, `pid`, the two log paths, and the
 * temp paths (Debian's nginx compiles them under /var/lib/nginx). Every rewrite must match exactly
 * once, so an edit of nginx.conf that these rewrites no longer fit fails loudly instead of silently
 * testing something else.
 *
 * Used by features/step_definitions/nginx.steps.ts and, as a command, by scripts/check-deployment.sh:
 *   node --import tsx scripts/nginx-test-conf.ts --check   # `nginx -t` on the rewritten copy
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  accessSync,
  constants,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The production nginx.conf at the root of the project. */
export const PROJECT_NGINX_CONF = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'nginx.conf');

/** Debian's nginx is in /usr/sbin, which a non-login shell may not have on PATH. */
export function findNginx(): string {
  for (const dir of [
    ...(process.env.PATH ?? '').split(':').filter(Boolean),
    '/usr/sbin',
    '/usr/local/sbin',
  ]) {
    const candidate = join(dir, 'nginx');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error('nginx is not installed: run scripts/ci-system-deps.sh (apt-get install nginx)');
}

export interface TestConfOptions {
  /** The directory that holds the copy, its pid file, logs and temp files. */
  dir: string;
  /** host:port of the API nginx proxies to (e.g. 127.0.0.1:41234), or of each replica. */
  upstream: string | readonly string[];
  /** The loopback port nginx listens on. */
  listenPort: number;
}

/** Replaces exactly one match of `pattern` in `text`, or throws naming what was expected. */
function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(
    new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
  );
  if (matches?.length !== 1) {
    throw new Error(`nginx.conf: expected exactly one ${what} (${pattern}), found ${matches?.length ?? 0}`);
  }
  return text.replace(pattern, replacement);
}

/** The production configuration text with the test's upstream, port, pid, logs and temp paths. */
export function renderTestConf(source: string, options: TestConfOptions): string {
  const { dir, upstream, listenPort } = options;
  let text = source;
  const servers = typeof upstream === 'string' ? [upstream] : upstream;
  text = replaceOnce(
    text,
    /^(\s*)server api:8000;/m,
    servers.map((server) => `$1server ${server};`).join('\n'),
    'upstream server line',
  );
  text = replaceOnce(text, /^(\s*)listen 80;/m, `$1listen 127.0.0.1:${listenPort};`, 'listen line');
  text = replaceOnce(text, /^pid \S+;/m, `pid ${join(dir, 'nginx.pid')};`, 'pid directive');
  text = replaceOnce(text, /^error_log \S+/m, `error_log ${join(dir, 'error.log')}`, 'error_log directive');
  text = replaceOnce(
    text,
    /^(\s*)access_log \/\S+/m,
    `$1access_log ${join(dir, 'access.log')}`,
    'access_log directive',
  );
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `    ${kind}_temp_path ${join(dir, 'temp', kind)};`)
    .join('\n');
  text = replaceOnce(text, /^http \{$/m, `http {\n${temp}`, 'http block');
  return text;
}

/** Runs as nobody when we are root, so the test nginx is an unprivileged process like any other. */
const NOBODY = 65534;
const runAsNobody = (): boolean => process.getuid?.() === 0;

/** Writes the rewritten copy into a fresh temporary directory and returns its paths. */
export function writeTestConf(options: Omit<TestConfOptions, 'dir'>): { dir: string; conf: string } {
  const dir = mkdtempSync(join(tmpdir(), 'semker-nginx-'));
  const conf = join(dir, 'nginx.conf');
  for (const kind of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(join(dir, 'temp', kind), { recursive: true });
  writeFileSync(conf, renderTestConf(readFileSync(PROJECT_NGINX_CONF, 'utf8'), { ...options, dir }));
  if (runAsNobody()) {
    const all = [
      dir,
      conf,
      join(dir, 'temp'),
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => join(dir, 'temp', k)),
    ];
    for (const path of all) chownSync(path, NOBODY, NOBODY);
  }
  return { dir, conf };
}

/** nginx's own arguments for this copy: prefix, configuration, early error log. */
const nginxArgs = (dir: string, conf: string): string[] => [
  '-p',
  dir,
  '-c',
  conf,
  '-e',
  join(dir, 'error.log'),
];
const identity = () => (runAsNobody() ? { uid: NOBODY, gid: NOBODY } : {});

/** `nginx -t` on the rewritten copy of the project's nginx.conf; returns nginx's verdict. */
export function checkProjectConf(): { ok: boolean; output: string } {
  const { dir, conf } = writeTestConf({ upstream: '127.0.0.1:8000', listenPort: 8080 });
  try {
    const result = spawnSync(findNginx(), ['-t', ...nginxArgs(dir, conf)], {
      encoding: 'utf8',
      ...identity(),
    });
    return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RunningNginx {
  baseUrl: string;
  port: number;
  dir: string;
  accessLog: string;
  process: ChildProcess;
  /** Everything nginx wrote to stderr (start-up problems show here). */
  stderr: () => string;
  stop: () => Promise<void>;
}

/** Starts nginx in the foreground (daemon off) on 127.0.0.1:`listenPort` in front of `upstream`. */
export async function startTestNginx(options: Omit<TestConfOptions, 'dir'>): Promise<RunningNginx> {
  const { dir, conf } = writeTestConf(options);
  let stderr = '';
  const child = spawn(findNginx(), [...nginxArgs(dir, conf), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...identity(),
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit');

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT'); // graceful shutdown of this nginx's master
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${options.listenPort}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = readFileSafe(join(dir, 'error.log'));
      await stop();
      throw new Error(`nginx exited with ${child.exitCode}:\n${stderr}\n${log}`);
    }
    try {
      const response = await fetch(`${baseUrl}/nginx-health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not answer on ${baseUrl} within 10 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    baseUrl,
    port: options.listenPort,
    dir,
    accessLog: join(dir, 'access.log'),
    process: child,
    stderr: () => stderr,
    stop,
  };
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

// As a command: `--check` runs `nginx -t` on the rewritten copy and exits with its verdict.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== '--check') {
    process.stderr.write('usage: node --import tsx scripts/nginx-test-conf.ts --check\n');
    process.exit(2);
  }
  const { ok, output } = checkProjectConf();
  process.stdout.write(`${output}\n`);
  process.exit(ok ? 0 : 1);
}
