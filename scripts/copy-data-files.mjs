// Copies what the compiled service reads beside its modules — every file of src/ that tsc does not
// compile (the SQL migrations, the domains' JSON data) — into an output folder (dist/ by default):
// `npm run build` runs it after tsc, as do the test run's own build and the deployment rehearsal.
import { cpSync } from 'node:fs';

const outDir = process.argv[2] ?? 'dist';
cpSync('src', outDir, { recursive: true, filter: (path) => !path.endsWith('.ts') });
