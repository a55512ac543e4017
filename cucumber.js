// Cucumber profiles: TypeScript steps through tsx, a console report and a machine-readable one.
const common = {
  import: ['features/support/**/*.ts', 'features/step_definitions/**/*.ts'],
  formatOptions: { snippetInterface: 'async-await' },
};

export default {
  ...common,
  format: ['progress', 'summary', 'json:reports/cucumber.json', 'junit:reports/cucumber.xml'],
};

// The store and queue contract a second time, against PostgreSQL (npm run bdd:postgres): the
// scenarios tagged @contract, in a world whose in-process API runs on a fresh database of the
// embedded server; @memory marks the few whose behaviour is the in-memory backend's own.
export const postgres = {
  ...common,
  tags: '@contract and not @memory',
  worldParameters: { backend: 'postgres' },
  format: [
    'progress',
    'summary',
    'json:reports/cucumber-postgres.json',
    'junit:reports/cucumber-postgres.xml',
  ],
};
