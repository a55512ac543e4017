// Prints one closing line over the unit tests' report (scripts/unit-test-report.mjs) and one or more
// Cucumber JSON reports, with how many came from each: "Tests: N passed, 0 failed (…)", or, followed
// by where each failed one is, "Tests: N passed, N failed (…)" (used by npm test, npm run test:system
// and .ci/run). It exits 1 when a test failed, and with --require-scenarios also when the reports hold
// no test at all, so a tag selection that matched nothing is never a green run.
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
      where: tests.filter((test) => test.status === 'failed').map((test) => `${test.file}: ${test.name}`),
    };
  }
  let passed = 0;
  let failed = 0;
  const where = [];
  for (const feature of report) {
    for (const element of feature.elements ?? []) {
      if (element.type !== 'scenario') continue;
      if (element.steps.every((step) => step.result.status === 'passed')) passed++;
      else {
        failed++;
        where.push(`${feature.uri}:${element.line} ${element.name}`);
      }
    }
  }
  return { kind: 'scenarios', passed, failed, where };
}

let passed = 0;
let failed = 0;
const parts = [];
const failures = [];
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
  failures.push(...report.where.map((where) => `  ${path.basename(file)}: ${where}`));
  parts.push(`${report.passed + report.failed} ${report.kind} in ${path.basename(file)}`);
}
console.log(`\nTests: ${passed} passed, ${failed} failed (${parts.join(', ')})`);
for (const line of failures) console.log(line);
if (requireScenarios && passed + failed === 0) {
  console.error('report-summary: no test ran');
  process.exit(1);
}
if (failed > 0) process.exitCode = 1;
