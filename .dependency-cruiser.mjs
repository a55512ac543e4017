// The dependency rules of src/: no import circles, and layers that point one way,
//   http → processing → agents → engines → domains → mcp
// with the composition roots (src/composition/: main.ts, services.ts, planner-thread.ts, the MCP
// host) free to wire anything. Type-only imports of a port from the layer that owns it (the planner implements
// processing's MessageHandler) are no runtime dependency and are allowed. `npm run lint` runs this.
const LAYERS = ['http', 'processing', 'agents', 'engines', 'domains', 'mcp'];

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
          to: {
            path: `^src/(${LAYERS.slice(0, index).join('|')})/`,
            dependencyTypesNot: ['type-only'],
          },
        },
      ],
);

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle: modules that need each other to load.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'roots-are-roots',
      comment: 'The composition roots wire the service; nothing below them may import them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/composition/' },
      to: { path: '^src/composition/' },
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
