// Cucumber profiles: TypeScript steps through tsx, a console report and a machine-readable one.
// `default` runs every scenario whose parts npm installs (`all` is the same in parallel, for npm test);
// `system` (npm run test:system) runs the ones tagged @system, which need Debian's packages (nginx,
// Chromium). `npx cucumber-js features/x.feature` runs one file in one thread.
const common = {
  import: ['features/support/**/*.ts', 'features/step_definitions/**/*.ts'],
  formatOptions: { snippetInterface: 'async-await' },
};

const defaults = {
  ...common,
  tags: 'not @system',
  format: ['progress', 'summary', 'json:reports/cucumber.json', 'junit:reports/cucumber.xml'],
};
export default defaults;

// The whole suite at once runs in parallel worker threads, each scenario starting its own API (on
// PostgreSQL, taking a fresh database on its worker's embedded server), one worker per core of the
// machine the suite is sized for: a replica scenario starts two or three service processes of its own.
// The features whose scenarios take longest go first, so that none starts last and makes the tail.
const WORKERS = 2;
const SLOWEST_FIRST = [
  'features/replicas.feature',
  'features/observability.feature',
  'features/startup.feature',
  'features/worker_threads.feature',
];
export const all = { ...defaults, paths: [...SLOWEST_FIRST, 'features/**/*.feature'], parallel: WORKERS };

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

export const postgresAll = { ...postgres, parallel: WORKERS };

export const system = {
  ...common,
  tags: '@system',
  format: ['progress', 'summary', 'json:reports/cucumber-system.json', 'junit:reports/cucumber-system.xml'],
};
