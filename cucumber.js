// Cucumber profiles: TypeScript steps through tsx, a console report and a machine-readable one.
// `default` (npm test) runs every scenario whose parts npm installs; `system` (npm run test:system)
// runs the ones tagged @system, which need Debian's packages (nginx, Chromium).
const common = {
  import: ['features/support/**/*.ts', 'features/step_definitions/**/*.ts'],
  formatOptions: { snippetInterface: 'async-await' },
};

export default {
  ...common,
  tags: 'not @system',
  format: ['progress', 'summary', 'json:reports/cucumber.json', 'junit:reports/cucumber.xml'],
};

// The store and queue contract a second time, against PostgreSQL (npm run bdd:postgres, part of
// npm test): the scenarios tagged @contract, in a world whose in-process API runs on a fresh
// database of the embedded server; @memory marks the few whose behaviour is the in-memory
// backend's own.
export const postgres = {
  ...common,
  tags: '@contract and not @memory and not @system',
  worldParameters: { backend: 'postgres' },
  format: [
    'progress',
    'summary',
    'json:reports/cucumber-postgres.json',
    'junit:reports/cucumber-postgres.xml',
  ],
};

export const system = {
  ...common,
  tags: '@system',
  format: ['progress', 'summary', 'json:reports/cucumber-system.json', 'junit:reports/cucumber-system.xml'],
};
