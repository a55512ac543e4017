import os from 'node:os';

/** One line of the table: a figure, what it is compared with, and the target it must meet. */
export interface Row {
  scenario: string;
  figure: string;
  reference: string;
  /** figure ÷ reference, when that ratio is what the target is about (or informative). */
  ratio: number | null;
  target: string;
  /** null when the row is skipped or informative only. */
  pass: boolean | null;
  note?: string;
}

/** What a scenario hands back: its table rows and the raw measurements for the JSON file. */
export interface ScenarioOutcome {
  rows: Row[];
  raw: Record<string, unknown>;
}

export const fmt = {
  rate: (perSecond: number): string => `${perSecond.toFixed(perSecond < 100 ? 1 : 0)}/s`,
  ms: (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`,
  us: (us: number): string => `${us.toFixed(0)} µs`,
  bytes: (b: number): string =>
    Math.abs(b) >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MiB` : `${(b / 1024).toFixed(2)} kB`,
  pct: (x: number): string => `${(x * 100).toFixed(1)} %`,
};

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/**
 * One row from the same row of several repetitions (`--repeat n`): the repetition with the median
 * ratio (the upper of the two middle ones for an even count), its verdict, and a note with the
 * spread of the ratios and how many repetitions passed. These machines swing by 10–20 % from one
 * run to the next, so a single run can put a row on either side of its target.
 */
export function medianRow(repetitions: readonly Row[]): Row {
  const first = repetitions[0]!;
  if (repetitions.length === 1) return first;
  const measured = repetitions.filter((row) => row.ratio !== null);
  if (measured.length !== repetitions.length) return first;
  const sorted = [...measured].sort((a, b) => a.ratio! - b.ratio!);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const passed = repetitions.filter((row) => row.pass).length;
  const spread = `${sorted[0]!.ratio!.toFixed(2)}–${sorted.at(-1)!.ratio!.toFixed(2)}× over ${repetitions.length} runs, ${passed} passed`;
  return { ...median, note: median.note ? `${median.note}; ${spread}` : spread };
}

/** The table printed at the end of a run. */
export function table(rows: readonly Row[]): string {
  const head = ['scenario', 'figure', 'reference', 'ratio', 'target', 'result'];
  const body = rows.map((r) => [
    r.scenario,
    r.figure,
    r.reference,
    r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`,
    r.target,
    (r.pass === null ? (r.note ?? 'skipped') : r.pass ? 'pass' : 'FAIL') +
      (r.pass !== null && r.note ? ` (${r.note})` : ''),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
