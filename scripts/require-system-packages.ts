// Stops `npm run test:system` at once, with one line, when a system package its scenarios start is
// missing: never a stack trace from deep inside a step, never a silent skip.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** The binaries the @system scenarios start, and the Debian package that provides each. */
const REQUIRED = [
  { binary: 'nginx', package: 'nginx', tag: '@nginx' },
  // Debian's Chromium, driven by playwright-core in features/console.feature (never a downloaded browser).
  { binary: 'chromium', package: 'chromium', tag: '@browser' },
];

/** Debian puts nginx in /usr/sbin, which a non-login shell may not have on PATH. */
const SEARCH_PATH = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/local/sbin'];

function installed(binary: string): boolean {
  return SEARCH_PATH.some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const missing = REQUIRED.filter((requirement) => !installed(requirement.binary));
if (missing.length > 0) {
  const names = missing.map((requirement) => `${requirement.binary} (for ${requirement.tag})`).join(', ');
  const packages = missing.map((requirement) => requirement.package).join(' ');
  process.stderr.write(
    `test:system needs ${names}: install with \`sudo apt-get install ${packages}\` or \`sudo bash scripts/ci-system-deps.sh\`\n`,
  );
  process.exit(1);
}
