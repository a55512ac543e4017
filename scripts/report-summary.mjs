// Prints one closing line, "Tests: N passed, N failed", over the unit tests' report
// (scripts/unit-test-report.mjs) and one or more Cucumber JSON reports, with how many came from each
// (used by npm test, npm run test:system and .ci/run). With --require-scenarios it exits 1 when the
// reports hold no test at all, so a tag selection that matched nothing is never a green run.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const requireScenarios = args.includes('--require-scenarios');
const files = args.filter((arg) => !arg.startsWith('--'));
if (files.length === 0) files.push('reports/cucumber.json');

/** Passed and failed in one report: unit tests ({ tests: [...] }) or Cucumber scenarios (an array of features). */
function count(report) {
  if (!Array.isArray(report)) {
    const tests = report.tests ?? [];
    return {
      kind: 'unit tests',
      passed: tests.filter((test) => test.status === 'passed').length,
      failed: tests.filter((test) => test.status === 'failed').length,
    };
  }
  let passed = 0;
  let failed = 0;
  for (const feature of report) {
    for (const element of feature.elements ?? []) {
      if (element.type !== 'scenario') continue;
      if (element.steps.every((step) => step.result.status === 'passed')) passed++;
      else failed++;
    }
  }
  return { kind: 'scenarios', passed, failed };
}

let passed = 0;
let failed = 0;
const parts = [];
for (const file of files) {
  if (!existsSync(file)) {
    // A run that stopped before its tests started wrote no report; its own exit status says it failed.
    console.error(`report-summary: ${file} is missing: that test run did not get as far as its tests`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  // Cucumber leaves an empty file when it stopped before its first scenario.
  const report = count(text.trim() === '' ? [] : JSON.parse(text));
  passed += report.passed;
  failed += report.failed;
  parts.push(`${report.passed + report.failed} ${report.kind} in ${path.basename(file)}`);
}
console.log(`Tests: ${passed} passed, ${failed} failed (${parts.join(', ')})`);
if (requireScenarios && passed + failed === 0) {
  console.error('report-summary: no test ran');
  process.exit(1);
}
