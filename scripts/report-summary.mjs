// Prints "Scenarios: N passed, N failed" from Cucumber's JSON report (used by .ci/run).
import { readFileSync } from 'node:fs';

const features = JSON.parse(readFileSync(process.argv[2] ?? 'reports/cucumber.json', 'utf8'));
let passed = 0;
let failed = 0;
for (const feature of features) {
  for (const element of feature.elements ?? []) {
    if (element.type !== 'scenario') continue;
    const ok = element.steps.every((step) => step.result.status === 'passed');
    if (ok) passed++;
    else failed++;
  }
}
console.log(`Scenarios: ${passed} passed, ${failed} failed`);
