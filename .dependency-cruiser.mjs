// The dependency rules of src/, checked by `npm run lint`: no import circles, and layers that point
// one way, from the top of this list to its bottom. Type-only imports count like any other: a port
// lives in the layer of the code that calls it or below, so its implementations import it
// downwards (the planner implements processing's MessageHandler; the PostgreSQL adapters implement
// the store's ports). src/composition/ builds and runs the service, so it may import any layer,
// and no layer may import it.
const LAYERS = [
  'http', // Express app, routes, the HTTP contract, problem+json
  'webhooks', // endpoints, signing and delivery of events from final updates and tickets
  'agents', // the planner (processing's MessageHandler), guardrails, hand-over
  'processing', // the message processor, planner threads
  'engines', // the Engine port, the offline and OpenAI engines
  'config', // the environment's schema (its per-domain variables come from the registry)
  'domains', // one folder per domain and the registry
  'actions', // actions with consent: the model, the store port and adapters, the desk that decides them
  'telemetry', // logger, spans, metrics, the preload
  'mcp', // the ToolClient port, the MCP client pool
  'store', // state: its ports, in-memory stores, postgres/ adapters, the message queue
  'core', // failures, service errors, customer texts, circuit breaker
];

/** A module of src/ outside every layer and outside src/composition/. */
const LOOSE = `^src/(?!(composition|${LAYERS.join('|')})/)`;

/** A layer may not import a layer above it. */
const upward = LAYERS.flatMap((layer, index) =>
  index === 0
    ? []
    : [
        {
          name: `${layer}-not-upward`,
          comment: `src/${layer} may not depend on ${LAYERS.slice(0, index).join(', ')} (layers point one way)`,
          severity: 'error',
          from: { path: `^src/${layer}/` },
          to: { path: `^src/(${LAYERS.slice(0, index).join('|')})/` },
        },
      ],
);

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle: modules that need each other, at run time or for their types.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'roots-are-roots',
      comment: 'src/composition/ wires the service; nothing below it may import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/composition/' },
      to: { path: '^src/composition/' },
    },
    {
      name: 'no-loose-modules',
      comment: `Every module of src/ belongs to a layer (${LAYERS.join(', ')}) or to src/composition/.`,
      severity: 'error',
      from: {},
      to: { path: LOOSE },
    },
    {
      name: 'no-loose-roots',
      comment: `Every module of src/ belongs to a layer (${LAYERS.join(', ')}) or to src/composition/.`,
      severity: 'error',
      from: { path: LOOSE },
      to: {},
    },
    {
      name: 'no-loose-orphans',
      comment: `Every module of src/ belongs to a layer (${LAYERS.join(', ')}) or to src/composition/.`,
      severity: 'error',
      from: { path: LOOSE, orphan: true },
      to: {},
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
