// A reporter for Node's test runner (node --test --test-reporter=./scripts/unit-test-report.mjs): writes
// every test's name, file and outcome as JSON, so that scripts/report-summary.mjs counts the unit tests
// in the same closing line as the Cucumber scenarios. Suites are not counted, only the tests in them.
import path from 'node:path';

export default async function* unitTestReport(source) {
  const tests = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, file, details, skip, todo } = event.data;
    if (details.type === 'suite') continue;
    const status = event.type === 'test:fail' ? 'failed' : skip || todo ? 'skipped' : 'passed';
    tests.push({
      name,
      file: file && path.relative(process.cwd(), file),
      status,
      durationMs: details.duration_ms,
    });
  }
  yield `${JSON.stringify({ tests }, null, 2)}\n`;
}
