/**
 * Builds the web console (`/console`) from console/ into console/dist/: the TypeScript bundled by
 * esbuild (with marked, DOMPurify and eventsource-parser, so the page loads nothing from elsewhere),
 * the HTML and the CSS copied beside it. Run by `npm run build:console`, and by `prepare`, so
 * `npm install` and `npm ci` leave a built console behind. The output is not committed.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'console');
const out = join(root, 'dist');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile: join(out, 'console.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
for (const file of ['index.html', 'console.css']) copyFileSync(join(root, file), join(out, file));
process.stdout.write(`console built into ${out}\n`);
