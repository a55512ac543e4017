// Prints "Scenarios: N passed, N failed" over one or more Cucumber JSON reports (used by .ci/run and
// npm run test:system). With --require-scenarios it exits 1 when the reports hold no scenario at
// all, so a tag selection that matched nothing is never a green run.
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const requireScenarios = args.includes('--require-scenarios');
const files = args.filter((arg) => !arg.startsWith('--'));
if (files.length === 0) files.push('reports/cucumber.json');

let passed = 0;
let failed = 0;
for (const file of files) {
  if (!existsSync(file)) {
    // A run that stopped before Cucumber started wrote no report; its own exit status says it failed.
    console.error(`report-summary: ${file} is missing: that test run did not get as far as Cucumber`);
    continue;
  }
  for (const feature of JSON.parse(readFileSync(file, 'utf8'))) {
    for (const element of feature.elements ?? []) {
      if (element.type !== 'scenario') continue;
      if (element.steps.every((step) => step.result.status === 'passed')) passed++;
      else failed++;
    }
  }
}
console.log(`Scenarios: ${passed} passed, ${failed} failed`);
if (requireScenarios && passed + failed === 0) {
  console.error('report-summary: no scenario ran');
  process.exit(1);
}
