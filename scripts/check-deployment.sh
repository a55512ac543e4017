#!/usr/bin/env bash
# Checks the deployment files without a Docker engine (none runs on the CI machines):
#   1. nginx.conf      `nginx -t` with Debian's nginx, on a copy whose upstream is 127.0.0.1
#                      (nginx resolves `api` at start-up; only compose's DNS knows that name)
#   2. compose files   validated against the compose-spec JSON schema, plus lint rules (dclint,
#                      which ships the schema: nothing is downloaded)
#   3. Dockerfile      parsed and validated by dockerfile-utils (the linter behind VS Code's Docker
#                      support; hadolint is neither on npm nor in Debian), and this project's rules
#   4. runtime stage   rehearsed: production dependencies only, compiled JavaScript, the image's
#                      HEALTHCHECK command, the compose MCP wiring, and SIGTERM → exit 0
#   5. documentation   what README.md and docs/ say holds: links, commands, cited files and variables
#                      (scripts/check-docs.ts); the compose settings and the one-time password step
#                      docs/deployment.md describes; its migration command in the built output
# Stage 4 installs production dependencies from the npm registry into a temporary directory.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/check-deployment.sh [--static-only] [-h|--help]

Validates nginx.conf, docker-compose*.yml and the Dockerfile, then rehearses the image's runtime
stage on this machine (skip that with --static-only).
Needs nginx (scripts/ci-system-deps.sh installs it) and the project's devDependencies.
USAGE
}

static_only=false
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    --static-only) static_only=true ;;
    *) usage >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH:/usr/sbin:/sbin"

passed=0
failed=0
pass() { echo "ok   - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1" >&2; failed=$((failed + 1)); }

# --- 1. nginx -t ----------------------------------------------------------------------------------
if out="$(node --import tsx scripts/nginx-test-conf.ts --check 2>&1)"; then
  pass "nginx -t accepts nginx.conf (upstream rewritten to 127.0.0.1:8000)"
else
  echo "$out" >&2
  fail "nginx -t rejects nginx.conf"
fi

# --- 2. compose files against the compose-spec schema -----------------------------------------------
# Style-only rules are off: services are ordered by dependency (mcp → api → nginx), not by name;
# nginx:stable is the stable channel on purpose (see docs/deployment.md); the override file is
# merged into docker-compose.yml, whose `name` it inherits.
if dclint docker-compose.yml docker-compose.observability.yml --max-warnings 0 \
  --disable-rule service-keys-order services-alphabetical-order top-level-properties-order \
  require-project-name-field service-image-require-explicit-tag; then
  pass "docker-compose.yml and docker-compose.observability.yml match the compose-spec schema (dclint)"
else
  fail "compose files (dclint)"
fi

# --- 3. Dockerfile --------------------------------------------------------------------------------
if dockerfile-utils lint Dockerfile; then
  pass "Dockerfile parses and validates (dockerfile-utils)"
else
  fail "Dockerfile (dockerfile-utils)"
fi

# What the image must be (Node 24 base, production dependencies only, non-root, a health check), checked on the text (the Dockerfile is small and flat).
runtime_stage="$(sed -n '/^FROM .* AS runtime/,$p' Dockerfile)"
rule() { # rule <description> <extended regex> [text]
  if grep -Eq -- "$2" <<<"${3:-$(cat Dockerfile)}"; then pass "Dockerfile: $1"; else fail "Dockerfile: $1"; fi
}
rule "official Node 24 base image" '^ARG NODE_IMAGE=node:24-'
rule "build stage runs npm ci" '^RUN npm ci( |$)'
rule "build stage runs npm run build" '^RUN npm run build$'
rule "runtime installs production dependencies only" '^RUN npm ci --omit=dev' "$runtime_stage"
rule "runtime runs as a non-root user" '^USER node$' "$runtime_stage"
rule "runtime holds the built web console" '^COPY --from=build /app/console/dist \./console/dist$' "$runtime_stage"
rule "HEALTHCHECK uses node's fetch, not curl" '^ +CMD \["node", "-e", "fetch\(' "$runtime_stage"
rule "exec-form CMD runs compiled JavaScript with the telemetry preload" '^CMD \["node", "--import", "\./dist/telemetry/preload\.js", "dist/composition/main\.js"\]$' "$runtime_stage"
if grep -Eq 'tsx|npm (start|run)' <<<"$(grep -E '^(CMD|ENTRYPOINT)' Dockerfile)"; then
  fail "Dockerfile: CMD/ENTRYPOINT must not use tsx or npm"
else
  pass "Dockerfile: CMD/ENTRYPOINT use neither tsx nor npm"
fi
for pattern in node_modules dist .env .git; do
  if grep -qx -- "$pattern" .dockerignore; then pass ".dockerignore excludes $pattern"; else fail ".dockerignore excludes $pattern"; fi
done

# --- 4. runtime stage rehearsal ---------------------------------------------------------------------
# Processes and files of the rehearsal, cleaned up however the script ends.
work=""
api_pid=""
mcp_pid=""
cleanup() {
  if [[ -n "$api_pid" ]]; then kill "$api_pid" 2>/dev/null || true; fi
  if [[ -n "$mcp_pid" ]]; then kill "$mcp_pid" 2>/dev/null || true; fi
  if [[ -n "$work" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

rehearse() {
  local node_bin api_port mcp_port
  work="$(mktemp -d)"

  # The image's Node is 24; here that is the devDependency `node` (the system one may be older).
  node_bin="$root/node_modules/.bin/node"
  [[ -x "$node_bin" ]] || node_bin="$(command -v node)"
  if [[ "$("$node_bin" -p 'process.versions.node.split(".")[0]')" != 24 ]]; then
    fail "rehearsal needs Node 24 (found $("$node_bin" --version))"
    return
  fi

  # The Dockerfile's two stages, on this machine: tsc into the work dir, then production deps only.
  if ! tsc -p tsconfig.build.json --outDir "$work/dist" >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    fail "rehearsal: npm run build (tsc -p tsconfig.build.json)"
    return
  fi
  # npm run build also copies what the service reads beside its modules (the SQL migrations, the
  # domains' JSON data); so does the rehearsal, with the same script.
  "$node_bin" scripts/copy-data-files.mjs "$work/dist"
  if grep -q "scripts/copy-data-files.mjs" <<<"$(node_bin=$node_bin "$node_bin" -p 'require("./package.json").scripts.build')" &&
    [[ -f "$work/dist/store/postgres/migrations/001_initial.sql" && -f "$work/dist/domains/tariff/plans.json" ]]; then
    pass "npm run build ships the SQL migrations and the domains' data files in dist/"
  else
    fail "npm run build ships the SQL migrations and the domains' data files in dist/"
  fi
  cp package.json package-lock.json "$work/"
  # The web console, built as the build stage builds it and placed where the runtime stage copies it.
  if ! npm run --silent build:console >"$work/console.log" 2>&1; then
    cat "$work/console.log" >&2
    fail "rehearsal: npm run build:console"
    return
  fi
  mkdir -p "$work/console" && cp -r console/dist "$work/console/dist"
  # As the Dockerfile's runtime stage installs (typescript, i18next's optional peer, removed).
  if ! (cd "$work" && SCARF_ANALYTICS=false npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1 &&
    rm -rf node_modules/typescript); then
    cat "$work/npm.log" >&2
    fail "rehearsal: npm ci --omit=dev"
    return
  fi
  if [[ -e "$work/node_modules/.bin/node" || -e "$work/node_modules/tsx" || -e "$work/node_modules/typescript" ]]; then
    fail "rehearsal: production install contains devDependencies (node, tsx or typescript)"
  else
    pass "rehearsal: production install has no devDependencies (no node_modules/.bin/node, no tsx)"
  fi

  free_port() { "$node_bin" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
  api_port="$(free_port)"
  mcp_port="$(free_port)"

  # The image's own HEALTHCHECK command (the JSON array after CMD), run as the container would.
  mapfile -t healthcheck < <("$node_bin" -e '
    const text = require("fs").readFileSync("Dockerfile", "utf8");
    const m = /^HEALTHCHECK[^\n]*\\?\n?\s*CMD (\[.*\])$/m.exec(text);
    if (!m) process.exit(1);
    for (const arg of JSON.parse(m[1])) console.log(arg);')
  if [[ "${healthcheck[0]:-}" != node ]]; then
    fail "rehearsal: could not read the HEALTHCHECK command from the Dockerfile"
    return
  fi
  healthy() { # healthy <port> — the HEALTHCHECK, polled for up to 20 s
    local i
    for ((i = 0; i < 100; i++)); do
      if (cd "$work" && PORT="$1" "$node_bin" "${healthcheck[@]:1}") 2>/dev/null; then return 0; fi
      sleep 0.2
    done
    return 1
  }

  (cd "$work" && exec env NODE_ENV=production LOG_LEVEL=warn MCP_HOST=127.0.0.1 MCP_PORT="$mcp_port" \
    "$node_bin" --import ./dist/telemetry/preload.js dist/composition/mcp-host.js) >"$work/mcp.log" 2>&1 &
  mcp_pid=$!
  if healthy "$mcp_port"; then pass "rehearsal: node dist/composition/mcp-host.js serves /health"; else
    cat "$work/mcp.log" >&2
    fail "rehearsal: node dist/composition/mcp-host.js serves /health"
    return
  fi

  local base="http://127.0.0.1:$mcp_port"
  (cd "$work" && exec env NODE_ENV=production LOG_LEVEL=warn HOST=127.0.0.1 PORT="$api_port" TRUST_PROXY=1 \
    MCP_BILLING_URL="$base/billing/mcp" MCP_ROAMING_URL="$base/roaming/mcp" \
    MCP_TARIFF_URL="$base/tariff/mcp" MCP_FAQ_URL="$base/faq/mcp" \
    "$node_bin" --import ./dist/telemetry/preload.js dist/composition/main.js) >"$work/api.log" 2>&1 &
  api_pid=$!
  if healthy "$api_port"; then pass "rehearsal: node dist/composition/main.js passes the image's HEALTHCHECK"; else
    cat "$work/api.log" >&2
    fail "rehearsal: node dist/composition/main.js passes the image's HEALTHCHECK"
    return
  fi

  # /ready is 200 only when the MCP servers answer: the compose-style MCP_*_URL wiring works.
  local ready=""
  for ((i = 0; i < 50; i++)); do
    ready="$("$node_bin" -e "fetch('http://127.0.0.1:$api_port/ready').then(r=>console.log(r.status),()=>console.log(0))")"
    [[ "$ready" == 200 ]] && break
    sleep 0.2
  done
  if [[ "$ready" == 200 ]]; then pass "rehearsal: the API is ready with the MCP host over HTTP"; else
    cat "$work/api.log" >&2
    fail "rehearsal: the API is ready with the MCP host over HTTP (GET /ready answered $ready)"
  fi

  # The web console is served from the runtime stage's files (console/dist beside dist/).
  local page
  page="$("$node_bin" -e "fetch('http://127.0.0.1:$api_port/console').then(async r=>console.log(r.status, (await r.text()).includes('/console/console.js')),()=>console.log(0))")"
  if [[ "$page" == "200 true" ]]; then pass "rehearsal: GET /console serves the built console"; else
    fail "rehearsal: GET /console serves the built console (got $page)"
  fi

  # docker stop sends SIGTERM; the process must drain and exit 0 well within stop_grace_period.
  local name pid status
  for name in api mcp; do
    if [[ "$name" == api ]]; then pid="$api_pid"; else pid="$mcp_pid"; fi
    kill -TERM "$pid"
    status=0
    timeout 15 tail --pid="$pid" -f /dev/null || status=$?
    if ((status != 0)); then fail "rehearsal: $name did not exit within 15 s of SIGTERM"; continue; fi
    status=0
    wait "$pid" || status=$?
    if ((status == 0)); then pass "rehearsal: $name exits 0 on SIGTERM"; else
      cat "$work/$name.log" >&2
      fail "rehearsal: $name exits 0 on SIGTERM (exit $status)"
    fi
    if [[ "$name" == api ]]; then api_pid=""; else mcp_pid=""; fi
  done
}

if [[ "$static_only" == false ]]; then rehearse; fi

# --- 5. what the documentation says ------------------------------------------------------------------
while IFS= read -r line; do
  case "$line" in
    "ok   - "*) pass "${line#ok   - }" ;;
    "FAIL - "*) fail "${line#FAIL - }" ;;
    *) echo "$line" ;;
  esac
done < <(node --import tsx scripts/check-docs.ts 2>&1 || true)

# The compose file sets what docs/deployment.md says it sets. service_block <name>: that service's lines.
service_block() { awk -v name="  $1:" '$0 == name { on = 1; next } on && /^  [a-z]/ { exit } on' docker-compose.yml; }
compose_rule() { # compose_rule <service> <description> <extended regex>
  if grep -Eq -- "$3" <<<"$(service_block "$1")"; then pass "compose $1: $2"; else fail "compose $1: $2"; fi
}
compose_rule postgres "refuses to start without POSTGRES_PASSWORD" 'POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?'
compose_rule api "runs 3 replicas" '^      replicas: 3$'
compose_rule api "listens on every interface of its container (HOST 0.0.0.0)" '^      HOST: 0\.0\.0\.0$'
compose_rule api "DATABASE_URL carries POSTGRES_PASSWORD to the postgres service" \
  '^      DATABASE_URL: postgres://semker:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432/semker$'
compose_rule api "reaches the MCP host over HTTP" '^      MCP_BILLING_URL: http://mcp:8001/billing/mcp$'
compose_rule api "publishes no port (only nginx does)" '^    expose:$'
if grep -Eq '^    ports:' <<<"$(service_block api)$(service_block mcp)$(service_block postgres)"; then
  fail "compose: only nginx and jaeger publish ports"
else
  pass "compose: only nginx and jaeger publish ports"
fi
compose_rule mcp "listens on every interface of its container (MCP_HOST 0.0.0.0)" '^      MCP_HOST: 0\.0\.0\.0$'
compose_rule mcp "reads the replicas' accounts (DATABASE_URL)" \
  '^      DATABASE_URL: postgres://semker:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432/semker$'
compose_rule mcp "refuses to start without MCP_AUTH_TOKEN" '^      MCP_AUTH_TOKEN: \$\{MCP_AUTH_TOKEN:\?'
compose_rule api "presents MCP_AUTH_TOKEN to the MCP host" '^      MCP_AUTH_TOKEN: \$\{MCP_AUTH_TOKEN:\?'
compose_rule nginx "publishes port 80" "^      - '0\.0\.0\.0:80:80'"
compose_rule jaeger "UI on 127.0.0.1:16686 only" "^      - '127\.0\.0\.1:16686:16686'"
if grep -Eq '^    - path: \.env$' docker-compose.yml && grep -Eq '^      required: false$' docker-compose.yml; then
  pass "compose: .env is optional (env_file required: false)"
else
  fail "compose: .env is optional (env_file required: false)"
fi

# docs/deployment.md's one-time secret steps, run twice: one value each, kept, other settings untouched.
for secret in POSTGRES_PASSWORD MCP_AUTH_TOKEN; do
  secret_step="$(grep -E "^grep -qs '\^${secret}=' \.env \|\| echo " docs/deployment.md || true)"
  if [[ -z "$secret_step" ]]; then
    fail "docs/deployment.md: the one-time ${secret} step is there"
    continue
  fi
  env_dir="$(mktemp -d)"
  printf 'LOG_LEVEL=warn\n' >"$env_dir/.env"
  (cd "$env_dir" && bash -c "$secret_step" && cp .env first && bash -c "$secret_step")
  if [[ "$(grep -c "^${secret}=.\{32,\}$" "$env_dir/.env")" == 1 ]] && cmp -s "$env_dir/first" "$env_dir/.env" &&
    grep -qx 'LOG_LEVEL=warn' "$env_dir/.env"; then
    pass "docs/deployment.md: the ${secret} step writes one value and keeps it when run again"
  else
    fail "docs/deployment.md: the ${secret} step writes one value and keeps it when run again"
  fi
  rm -rf "$env_dir"
done

# docs/deployment.md's migration command names a file of the built image that migrates DATABASE_URL.
migrate_js="$(grep -oE 'docker compose run --rm api node [^ ]+' docs/deployment.md | head -n 1 | awk '{print $NF}')"
if [[ -z "$migrate_js" ]]; then
  fail "docs/deployment.md: names the compiled migration command"
elif [[ -n "$work" && -d "$work/node_modules" ]]; then
  migrate_out="$(cd "$work" && env -u DATABASE_URL "$root/node_modules/.bin/node" "$migrate_js" 2>&1)" && status=0 || status=$?
  if [[ "$status" == 2 && "$migrate_out" == *DATABASE_URL* ]]; then
    pass "rehearsal: node $migrate_js exists in the runtime stage and asks for DATABASE_URL"
  else
    fail "rehearsal: node $migrate_js exists in the runtime stage and asks for DATABASE_URL (exit $status: $migrate_out)"
  fi
else
  source_ts="src/${migrate_js#dist/}"
  if [[ -f "${source_ts%.js}.ts" ]]; then pass "docs/deployment.md: $migrate_js is built from ${source_ts%.js}.ts"; else
    fail "docs/deployment.md: $migrate_js is built from ${source_ts%.js}.ts"
  fi
fi

echo "deployment: $passed passed, $failed failed"
((failed == 0))
