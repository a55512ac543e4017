/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per file,
 * highest first. Usage: `tsx bench/profile-summary.ts bench/results/<file>.cpuprofile [top]
 * [startUs endUs]` (the window: only samples taken between those two instants of the profiled
 * process's monotonic clock, e.g. the measured phase without start-up and warm-up).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface HotSpot {
  function: string;
  /** Project-relative file, `node:<module>` or `<package>` for node_modules. */
  where: string;
  selfMs: number;
  selfPct: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Sampled time by phase of an answer's way (PHASES), highest first. */
  phases: { phase: string; ms: number; pct: number }[];
  /** Time the thread was idle, in the program itself, or collecting garbage. */
  special: Record<string, number>;
  functions: HotSpot[];
  files: { where: string; selfMs: number; selfPct: number }[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The phases of an answer, by where a frame's code lives (src/ under tsx, dist/ in the build). A
 * sample belongs to the phase of its nearest frame (leaf first) that has one, so native code and
 * zod take their caller's phase (a socket write is Node's HTTP; zod inside the MCP SDK is MCP; a
 * tool's own work, called by the SDK, is its domain's).
 */
const PHASES: [phase: string, test: RegExp][] = [
  ['logging', /node_modules\/(pino|pino-http|@pinojs|sonic-boom)\/|\/(src|dist)\/telemetry\/logger\./],
  [
    "offline engine, agents and domains (understanding, i18n, answers, the tools' own work)",
    /\/(src|dist)\/(engines|agents|domains|planner|core\/i18n)|node_modules\/(eld|minisearch|stemmer|i18next)\//,
  ],
  [
    'in-process MCP round trip (SDK, client pool, in-memory transport)',
    /@modelcontextprotocol|\/(src|dist)\/mcp\//,
  ],
  ['store (messages, updates, conversations, queue)', /\/(src|dist)\/store\//],
  ['worker and processor', /\/(src|dist)\/(processing|composition|webhooks|actions)\//],
  [
    'POST path: Express, middleware and the route',
    /node_modules\/(express|router|body-parser|raw-body|helmet|cors|express-rate-limit|type-is|on-finished|finalhandler|etag|fresh|vary|qs|iconv-lite|content-type|accepts|negotiator|parseurl|path-to-regexp|statuses|proxy-addr|mime-types|mime-db|send|serve-static|media-typer|depd|debug)\/|\/(src|dist)\/(http\/|app\.)/,
  ],
  ['OpenTelemetry API', /@opentelemetry|\/(src|dist)\/telemetry/],
  ['the bench harness (its wait long-poll)', /\/bench\//],
  [
    'Node HTTP and sockets (both requests)',
    /^node:(_http|net|http|stream|internal\/(streams?|http|net|js_stream|stream_base))/,
  ],
  ['Node runtime (events, timers, promises, crypto)', /^node:/],
];
const SPECIAL = /^\((idle|program|garbage collector|root)\)$/;

/** Where a frame's code lives, short and free of this machine's paths. */
function locate(url: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return url;
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = file.lastIndexOf(`node_modules${path.sep}`);
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split(path.sep);
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `${pkg} (${rest.slice(rest[0]?.startsWith('@') ? 2 : 1).join('/')})`;
  }
  return file.startsWith(ROOT) ? path.relative(ROOT, file) : path.basename(file);
}

/** A span of the profiled process's monotonic clock, in microseconds (the profile's own timestamps). */
export interface ProfileWindow {
  startUs: number;
  endUs: number;
}

export async function summarise(file: string, top = 25, window?: ProfileWindow): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const phaseOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (SPECIAL.test(frame.functionName)) return frame.functionName;
      const hit = PHASES.find(([, test]) => test.test(frame.url));
      if (hit) return hit[0];
    }
    return 'other';
  };
  const self = new Map<number, number>();
  // Each sample's time is the profile's start plus the deltas so far.
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.startUs || at > window.endUs)) return;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const special: Record<string, number> = {};
  const functions = new Map<string, HotSpot>();
  const files = new Map<string, number>();
  const phases = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const ms = micros / 1000;
    const phase = phaseOf(id);
    phases.set(phase, (phases.get(phase) ?? 0) + ms);
    if (/^\((idle|program|garbage collector|root)\)$/.test(frame.functionName)) {
      special[frame.functionName] = (special[frame.functionName] ?? 0) + ms;
      continue;
    }
    // tsx compiles each TypeScript module to one line, so a line number only means something elsewhere.
    const where = `${locate(frame.url)}${frame.url && frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : ''}`;
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${where}`;
    const spot = functions.get(key) ?? { function: name, where, selfMs: 0, selfPct: 0 };
    spot.selfMs += ms;
    functions.set(key, spot);
    const fileKey = locate(frame.url);
    files.set(fileKey, (files.get(fileKey) ?? 0) + ms);
  }
  const totalMs = total / 1000;
  const pct = (ms: number): number => (100 * ms) / totalMs;
  return {
    totalMs,
    phases: [...phases.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([phase, ms]) => ({ phase, ms, pct: pct(ms) })),
    special,
    functions: [...functions.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((s) => ({ ...s, selfPct: pct(s.selfMs) })),
    files: [...files.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, selfMs]) => ({ where, selfMs, selfPct: pct(selfMs) })),
  };
}

/**
 * The summary as text. With `perAnswer` (the answers in the window and the main thread's CPU per
 * answer measured without the profiler), each phase's share of the busy samples (idle left out) is
 * also shown as µs of main-thread CPU per answer: the sampler counts wall time and slows the process,
 * so the shares are what it measures best, and process CPU what turns them into µs.
 */
export function render(summary: ProfileSummary, perAnswer?: { cpuUs: number; unit?: string }): string {
  const busyMs = summary.totalMs - (summary.special['(idle)'] ?? 0);
  const us = (ms: number): string =>
    perAnswer
      ? `  ${((ms / busyMs) * perAnswer.cpuUs).toFixed(0).padStart(5)} µs/${perAnswer.unit ?? 'answer'}`
      : '';
  const lines = [`total ${summary.totalMs.toFixed(0)} ms sampled`];
  for (const [name, ms] of Object.entries(summary.special)) {
    lines.push(
      `  ${name.padEnd(22)} ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)} %${name === '(idle)' ? '' : us(ms)}`,
    );
  }
  lines.push('', 'by phase (a sample goes to its nearest frame with a phase; natives to their caller):');
  for (const p of summary.phases) {
    if (p.phase === '(idle)') continue;
    lines.push(
      `  ${p.pct.toFixed(1).padStart(5)} %  ${p.ms.toFixed(0).padStart(6)} ms${us(p.ms)}  ${p.phase}`,
    );
  }
  lines.push('', 'top functions by self time:');
  for (const s of summary.functions) {
    lines.push(
      `  ${s.selfPct.toFixed(1).padStart(5)} %  ${s.selfMs.toFixed(0).padStart(6)} ms${us(s.selfMs)}  ${s.function}  ${s.where}`,
    );
  }
  lines.push('', 'top files / packages by self time:');
  for (const f of summary.files) {
    lines.push(
      `  ${f.selfPct.toFixed(1).padStart(5)} %  ${f.selfMs.toFixed(0).padStart(6)} ms${us(f.selfMs)}  ${f.where}`,
    );
  }
  return lines.join('\n');
}

if (import.meta.main) {
  const [file, top, startUs, endUs, cpuUs] = process.argv.slice(2);
  if (!file) {
    process.stderr.write(
      'usage: tsx bench/profile-summary.ts <file.cpuprofile> [top] [startUs endUs [mainThreadCpuUsPerAnswer]]\n',
    );
    process.exit(2);
  }
  const window = startUs && endUs ? { startUs: Number(startUs), endUs: Number(endUs) } : undefined;
  const summary = await summarise(file, Number(top ?? 25), window);
  process.stdout.write(`${render(summary, cpuUs ? { cpuUs: Number(cpuUs) } : undefined)}\n`);
}
