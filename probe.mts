import { createUnderstander } from './src/engines/offline/understand.ts';
const u = createUnderstander();
for (const m of process.argv.slice(2)) {
  const r = u.understand(m, [], new Date());
  console.log(m, '=>', r.intent, JSON.stringify(r.slots), r.language);
}
