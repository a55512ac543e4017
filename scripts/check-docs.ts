/**
 * Checks that the README and docs/ describe the repository as it is, for scripts/check-deployment.sh:
 * links and their anchors resolve, the commands they name exist, the files they cite exist, every
 * environment variable of the configuration schema is documented, and no page cites a design note
 * or an issue the repository does not have. Prints one `ok   - …` or `FAIL - …` line per check.
 *
 *   node --import tsx scripts/check-docs.ts
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const README_MAX_LINES = 250;
/**
 * A benchmark log, not a user page: it names the result files of its runs (bench/results/, not
 * committed) and the issues that set its targets. Its findings are printed as notes, not failures.
 */
const LOGS = new Set(['docs/performance.md']);

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const text = new Map(pages.map((page) => [page, readFileSync(join(root, page), 'utf8')]));

/** The page without its fenced code blocks: links and prose only. */
const prose = (page: string): string => (text.get(page) ?? '').replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(file: string): Set<string> {
  const headings = readFileSync(file, 'utf8')
    .replace(/^```[\s\S]*?^```/gm, '')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => slug(line.replace(/^#+ /, '')));
  return new Set(headings);
}

let failures = 0;
const report = (ok: boolean, what: string, problems: string[] = []): void => {
  const notes = problems.filter((problem) => [...LOGS].some((log) => problem.includes(log)));
  const real = problems.filter((problem) => !notes.includes(problem));
  if (notes.length > 0)
    console.log(`note - not held to this in a benchmark log (${what}): ${[...new Set(notes)].join('; ')}`);
  if (ok || (problems.length > 0 && real.length === 0)) {
    console.log(`ok   - ${what}`);
  } else {
    failures += 1;
    console.log(`FAIL - ${what}: ${real.join('; ')}`);
  }
};

// --- the README fits on a few screens ---------------------------------------------------------------
const readmeLines = (text.get('README.md') ?? '').split('\n').length - 1;
report(readmeLines <= README_MAX_LINES, `README.md has ${readmeLines} lines (at most ${README_MAX_LINES})`, [
  `${readmeLines} lines`,
]);

// --- relative links and their anchors ---------------------------------------------------------------
{
  const broken: string[] = [];
  for (const page of pages) {
    for (const [, target] of prose(page).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:)/.test(target ?? '')) continue;
      const [path = '', anchor] = (target ?? '').split('#');
      const file = path === '' ? join(root, page) : resolve(dirname(join(root, page)), path);
      if (!existsSync(file)) {
        broken.push(`${page} → ${target} (no such file)`);
      } else if (anchor && statSync(file).isFile() && file.endsWith('.md') && !anchorsOf(file).has(anchor)) {
        broken.push(`${page} → ${target} (no such heading in ${relative(root, file)})`);
      }
    }
  }
  report(
    broken.length === 0,
    'every relative link in README.md and docs/ leads to a file and heading that exist',
    broken,
  );
}

// --- the commands they name exist -------------------------------------------------------------------
{
  const scripts = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const missing = new Set<string>();
  for (const page of pages) {
    for (const [, name] of (text.get(page) ?? '').matchAll(/\bnpm run(?: -s| --silent)? ([a-z][\w:-]*)/g)) {
      const script = name?.replace(/[:-]+$/, '');
      if (script && !(script in scripts)) missing.add(`npm run ${script} (${page})`);
    }
    for (const [, name] of (text.get(page) ?? '').matchAll(/\bnpm (start|test)\b/g)) {
      if (name && !(name in scripts)) missing.add(`npm ${name} (${page})`);
    }
  }
  report(missing.size === 0, 'every `npm run …` the documentation names is a script of package.json', [
    ...missing,
  ]);
}

// --- the files they cite exist ----------------------------------------------------------------------
{
  const missing = new Set<string>();
  const cited =
    /`((?:src|features|scripts|console|bench|docs|\.ci)\/[^`\s]*|Dockerfile|nginx\.conf|\.env\.example|docker-compose[\w.]*\.yml)`/g;
  for (const page of pages) {
    for (const [, path] of (text.get(page) ?? '').matchAll(cited)) {
      // Patterns and placeholders (`src/domains/<name>/`, `bench/results/<date>.json`) are not files.
      if (!path || /[<>*…{}]/.test(path)) continue;
      if (!existsSync(join(root, path.replace(/[#:].*$/, '')))) missing.add(`${path} (${page})`);
    }
  }
  report(missing.size === 0, 'every repository file the documentation cites exists', [...missing]);
}

// --- no design notes or issue numbers ----------------------------------------------------------------
{
  const found: string[] = [];
  for (const page of pages) {
    for (const [match] of prose(page).matchAll(/DESIGN(?:\.md)?\s*§?|§\s*\d+|(?:^|[\s(])#\d+\b/gm)) {
      found.push(`${page}: "${match.trim()}"`);
    }
  }
  report(found.length === 0, 'no page cites a design note (DESIGN §) or an issue number', found);
}

// --- every configuration variable is documented -------------------------------------------------------
{
  const configFile = join(root, 'src/config/config.ts');
  // The schema's keys: `  NAME: z…` or `  NAME: int(…` at the start of a line.
  const variables = new Set(
    [...readFileSync(configFile, 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]{2,}): [a-zA-Z]/gm)].map(
      (m) => m[1] ?? '',
    ),
  );
  const docs = pages
    .filter((p) => p.startsWith('docs/'))
    .map((p) => text.get(p) ?? '')
    .join('\n');
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  const undocumented = [...variables].filter((v) => !docs.includes(v)).map((v) => `${v} (docs/)`);
  const unlisted = [...variables].filter((v) => !example.includes(v)).map((v) => `${v} (.env.example)`);
  report(
    variables.size > 0 && undocumented.length === 0 && unlisted.length === 0,
    `each of the ${variables.size} variables of the configuration schema is in docs/ and .env.example`,
    variables.size === 0 ? ['no variable found in src/config/config.ts'] : [...undocumented, ...unlisted],
  );
}

process.exitCode = failures === 0 ? 0 : 1;
