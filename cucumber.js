// Cucumber profiles: TypeScript steps through tsx, a console report and a machine-readable one.
// `default` runs every scenario whose parts npm installs, in one thread (`npx cucumber-js features/x.feature`);
// `parallel` (npm run bdd) the same in parallel workers, or just the files and tags it is given;
// `all` (npm run bdd:all, part of npm test) every one of them, the slowest features first;
// `system` (npm run test:system) the ones tagged @system, which need Debian's packages (nginx, Chromium).
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
// PostgreSQL, taking a fresh database on its worker's embedded server). Most of a scenario's time is
// spent waiting (service processes starting, the queue, retention passes), not on CPU, so on the
// two cores the suite is sized for a third worker fills the waits; `--parallel N` overrides it.
// Workers take scenarios in the order of the features listed: those whose scenarios take longest go
// first (by their summed durations in the JSON report), so that none starts last and makes the tail.
const WORKERS = 3;
const SLOWEST_FIRST = [
  'features/replicas.feature',
  'features/reliability.feature',
  'features/observability.feature',
  'features/startup.feature',
  'features/extending.feature',
  'features/actions.feature',
  'features/webhooks.feature',
  'features/worker_threads.feature',
  'features/blind_evaluation.feature',
];
export const parallel = { ...defaults, parallel: WORKERS };
export const all = { ...parallel, paths: [...SLOWEST_FIRST, 'features/**/*.feature'] };

// The store and queue contract a second time, against PostgreSQL: the scenarios tagged @contract, in
// a world whose in-process API runs on a fresh database of the embedded server (a copy of one
// migrated once per worker); @memory marks the few whose behaviour is the in-memory backend's own.
// `postgresAll` (npm run bdd:postgres) runs them, or the files it is given, in parallel workers;
// `postgresSuite` (npm run bdd:postgres:all, part of npm test) every one, the slowest features first.
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

// worker_threads, the slowest by scenario, comes after others: its threads' start-up at the same time
// as the workers' first database is what a busy machine could not always do within the step's timeout.
const SLOWEST_FIRST_ON_POSTGRES = [
  'features/live_updates.feature',
  'features/actions.feature',
  'features/webhooks.feature',
  'features/worker_threads.feature',
  'features/escalation.feature',
];
export const postgresAll = { ...postgres, parallel: WORKERS };
export const postgresSuite = {
  ...postgresAll,
  paths: [...SLOWEST_FIRST_ON_POSTGRES, 'features/**/*.feature'],
};

export const system = {
  ...common,
  tags: '@system',
  format: ['progress', 'summary', 'json:reports/cucumber-system.json', 'junit:reports/cucumber-system.xml'],
};
