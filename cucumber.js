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

export const system = {
  ...common,
  tags: '@system',
  format: ['progress', 'summary', 'json:reports/cucumber-system.json', 'junit:reports/cucumber-system.xml'],
};
