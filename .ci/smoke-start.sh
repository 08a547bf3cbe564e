#!/usr/bin/env bash
# `npm start` with DATABASE_URL unset: the embedded PostgreSQL comes up, a page and /api/v1/health answer, Ctrl-C
# (SIGINT to the process group, as a terminal sends it) shuts everything down, and a second start reuses the data.
set -euo pipefail
cd "$(dirname "$0")/.."
unset DATABASE_URL
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export PORT=$port PHASEGATE_EMBEDDED_PG_PORT=$((port + 1))
log=$(mktemp)

start_and_check() {
  setsid npm start >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "smoke: npm start exited early"; exit 1; }
    sleep 1
  done
  health=$(curl -sf "http://127.0.0.1:$port/api/v1/health") || { cat "$log"; echo "smoke: health did not answer"; exit 1; }
  echo "$health" | grep -q '"status":"ok"' || { echo "$health"; echo "smoke: health is not ok"; exit 1; }
  curl -sf "http://127.0.0.1:$port/login" | grep -q "Sign in" || { echo "smoke: the sign-in page did not render"; exit 1; }
  location=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$port/rollout")
  case "$location" in */login?next=%2Frollout) ;; *) echo "smoke: /rollout without a session did not redirect to sign-in ($location)"; exit 1 ;; esac
  curl -sf "http://127.0.0.1:$port/api/v1/session/login-info" | grep -q '"password":"phasegate-demo"' || { echo "smoke: the demo credentials are not offered"; exit 1; }
  jar=$(mktemp)
  curl -sf -c "$jar" -H 'content-type: application/json' -d '{"username":"admin","password":"phasegate-demo"}' "http://127.0.0.1:$port/api/v1/session" >/dev/null || { echo "smoke: signing in with the demo password failed"; exit 1; }
  curl -sf -b "$jar" "http://127.0.0.1:$port/api/v1/rollout" | grep -q '"Production Canary"' || { echo "smoke: the rollout API did not answer a signed-in admin"; exit 1; }
  curl -sf -b "$jar" "http://127.0.0.1:$port/rollout" | grep -q "Phasegate" || { echo "smoke: the rollout page did not render"; exit 1; }
  rm -f "$jar"
  grep -q "database: embedded PostgreSQL" "$log" || { cat "$log"; echo "smoke: start-up did not say it uses the embedded database"; exit 1; }
  grep -q "serving http://localhost:$port" "$log" || { cat "$log"; echo "smoke: start-up did not print the URL"; exit 1; }
  kill -INT -- "-$pid"
  status=0
  wait "$pid" || status=$?
  if [ "$status" != 0 ] && [ "$status" != 130 ]; then cat "$log"; echo "smoke: exit status $status after Ctrl-C"; exit 1; fi
  if pgrep -f "postgres -D $(pwd)/.phasegate/pgdata" >/dev/null; then echo "smoke: PostgreSQL still running after Ctrl-C"; exit 1; fi
  [ ! -f .phasegate/pgdata/postmaster.pid ] || { echo "smoke: PostgreSQL did not shut down cleanly (postmaster.pid left)"; exit 1; }
}

start_and_check
grep -q "loaded the rollout plan" "$log" || { cat "$log"; echo "smoke: first start did not load the plan"; exit 1; }
echo "smoke: first start ok"
start_and_check
if grep -q "loaded the rollout plan" "$log"; then echo "smoke: second start loaded the plan again (data not kept)"; exit 1; fi
echo "smoke: restart kept the data; ok"
rm -f "$log"
