// Cucumber profile: TypeScript steps through tsx, a console report and a machine-readable one.
export default {
  import: ['features/support/**/*.ts', 'features/step_definitions/**/*.ts'],
  format: ['progress', 'summary', 'json:reports/cucumber.json', 'junit:reports/cucumber.xml'],
  formatOptions: { snippetInterface: 'async-await' },
};
