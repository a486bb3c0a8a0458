#!/usr/bin/env bash
# The spool under a flapping backend: deliveries for FLAP_SECONDS (default 300) while the upstream's listener is
# closed for FLAP_DOWN seconds (default 20) and open for FLAP_UP seconds (default 20), over and over. The github route
# spools (SQLite, the default store). Afterwards the upstream stays up until the spool has drained, and the run
# checks, by delivery id, that every delivery the firewall acknowledged (forwarded 2xx or spooled 202) reached the
# upstream exactly once: none lost, none twice. The upstream's listener is really closed (nginx stopped), so a
# delivery it never answered was never received: exactly once is the promise here.
#
#   load-tests/flapping.sh                      the 5-minute run -> results/<date>-flapping.md
#   FLAP_SECONDS=50 load-tests/flapping.sh      a smoke run
#
# Environment: FLAP_SECONDS, FLAP_DOWN, FLAP_UP, CONNECTIONS (wrk, default 8), DRAIN_SECONDS (most to wait for the
# spool to empty, default 180), FIREWALL_ARGS (extra arguments for the firewall).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FLAP_SECONDS:-300}
down=${FLAP_DOWN:-20}
up=${FLAP_UP:-20}
connections=${CONNECTIONS:-8}
drain_limit=${DRAIN_SECONDS:-180}
work=$(mktemp -d)
chmod 755 "$work"
results="$root/load-tests/results"
stamp=$(date -u +%Y-%m-%dT%H%M)
upstream_port=18180 firewall_port=18181 management_port=19190
pids=()

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f $work/upstream/nginx.pid ]] && kill "$(cat "$work/upstream/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  if [[ -n ${KEEP_WORK:-} ]]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

. "$root/load-tests/scripts/helpers.sh"
need nginx nginx
need wrk wrk
require_free_ports $upstream_port $firewall_port $management_port

echo "publishing the firewall (Release)..."
dotnet publish "$root/src/WebhookFirewall" -c Release -o "$work/firewall" >/dev/null

# One body, signed once; every request carries its own X-GitHub-Delivery (scripts/github.lua), so the policy keys
# deliveries by that id (Idempotency:Key = DeliveryId) rather than by content.
body="$work/body.json"
{ printf '{"zen":"flapping","pad":"'; head -c 900 /dev/zero | tr '\0' 'a'; printf '"}'; } >"$body"
secret=load-test-github-secret
signature=$(dotnet "$work/firewall/WebhookFirewall.dll" sign --provider github --secret $secret --body-file "$body" | awk -F': ' '/X-Hub-Signature-256/ {print $2}')

# --- the upstream: nginx answering 204 and logging every delivery id it answered, one a line -----------------------
mkdir -p "$work/upstream"
chmod 777 "$work/upstream"
cat >"$work/upstream/nginx.conf" <<EOF
worker_processes 1;
pid $work/upstream/nginx.pid;
error_log $work/upstream/error.log warn;
events { worker_connections 4096; }
http {
  client_body_temp_path $work/upstream/body;
  log_format ids '\$http_x_github_delivery \$http_x_webhook_redelivery';
  access_log $work/upstream/ids.log ids;
  server { listen 127.0.0.1:$upstream_port; location / { return 204; } }
}
EOF
upstream_up() { nginx -c "$work/upstream/nginx.conf" -g 'daemon on;'; wait_for "http://127.0.0.1:$upstream_port/"; }
# Graceful shutdown: the listener closes at once (new connections are refused, as by a backend that is down) while
# the requests nginx already took finish and are logged. A fast shutdown (TERM) could answer a request and die
# before logging it, which would read here as a delivery lost.
upstream_down() { kill -QUIT "$(cat "$work/upstream/nginx.pid")"; while [[ -f $work/upstream/nginx.pid ]]; do sleep 0.05; done; }

cat >"$work/firewall.json" <<EOF
{
  "ReverseProxy": {
    "Routes": { "github": { "ClusterId": "upstream", "Match": { "Path": "/github" }, "Metadata": { "WebhookPolicy": "github" } } },
    "Clusters": { "upstream": { "HttpRequest": { "ActivityTimeout": "00:00:05" }, "Destinations": { "nginx": { "Address": "http://127.0.0.1:$upstream_port/" } } } }
  },
  "WebhookFirewall": {
    "Policies": {
      "github": {
        "Provider": "github", "Secrets": [ "$secret" ],
        "Idempotency": { "Key": "DeliveryId" },
        "Delivery": { "OnUpstreamFailure": "Spool", "Backoff": { "First": "00:00:01", "Max": "00:00:10" } }
      }
    },
    "Spool": { "Path": "$work/spool.db", "Lease": "00:01:00" }
  },
  "Logging": { "LogLevel": { "Default": "Warning" } }
}
EOF

upstream_up
dotnet "$work/firewall/WebhookFirewall.dll" --config "$work/firewall.json" --urls "http://127.0.0.1:$firewall_port" \
  --WebhookFirewall:ManagementUrl "http://127.0.0.1:$management_port" ${FIREWALL_ARGS:-} >"$work/firewall.log" 2>&1 &
firewall_pid=$!
pids+=("$firewall_pid")
wait_for "http://127.0.0.1:$management_port/healthz" 300

# --- the flapping: down for $down s, up for $up s, until the load stops ---------------------------------------------
flaps=0
pause() { # seconds: or until the load is over
  local i
  for ((i = 0; i < $1 * 10; i++)); do [[ -f $work/load-done ]] && return 1; sleep 0.1; done
}
(
  while :; do
    upstream_down; echo "down $(date -u +%T)" >>"$work/flaps.log"
    pause "$down" || break
    upstream_up; echo "up $(date -u +%T)" >>"$work/flaps.log"
    pause "$up" || break
  done
) &
flapper=$!
pids+=("$flapper")

echo "deliveries for ${seconds}s, the upstream down ${down}s / up ${up}s, wrk -c$connections..."
WRK_PHASE=flap wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$root/load-tests/scripts/github.lua" \
  "http://127.0.0.1:$firewall_port/github" -- "$body" "$signature" load >"$work/wrk.txt" || true
touch "$work/load-done"
wait "$flapper" || true
[[ -f $work/upstream/nginx.pid ]] || upstream_up
flaps=$(grep -c '^down' "$work/flaps.log" || true)

# --- drain: the upstream stays up until nothing is pending ---------------------------------------------------------
metric() { # name labels-regex
  curl -fsS "http://127.0.0.1:$management_port/metrics" | awk -v n="$1" -v l="$2" '$1 ~ "^"n"\\{" && $1 ~ l {s += $2} END {print s + 0}'
}
drain_started=$SECONDS
while :; do
  pending=$(metric webhook_spool_entries 'state="pending"')
  [[ $pending == 0 ]] && break
  if ((SECONDS - drain_started > drain_limit)); then echo "the spool did not drain within ${drain_limit}s ($pending pending)" >&2; break; fi
  sleep 1
done
drain_seconds=$((SECONDS - drain_started))
sleep 2

# --- the count ---------------------------------------------------------------------------------------------------
forwarded=$(metric webhook_requests_total 'outcome="forwarded"')
spooled=$(metric webhook_requests_total 'outcome="spooled"')
upstream_errors=$(metric webhook_requests_total 'outcome="upstream_error"')
delivered=$(metric webhook_redeliveries_total 'result="delivered"')
retries=$(metric webhook_redeliveries_total 'result="retry"')
dead=$(metric webhook_redeliveries_total 'result="dead"')
acknowledged=$((forwarded + spooled))
received=$(grep -c '^load-flap-' "$work/upstream/ids.log" || true)
distinct=$(awk '/^load-flap-/ {print $1}' "$work/upstream/ids.log" | sort -u | wc -l)
twice=$(awk '/^load-flap-/ {print $1}' "$work/upstream/ids.log" | sort | uniq -d | wc -l)
redelivered_received=$(awk '/^load-flap-/ && $2 != "-" {n++} END {print n + 0}' "$work/upstream/ids.log")
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt"); non2xx=${non2xx:-0}
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
verdict=PASS
((distinct == acknowledged && twice == 0 && pending == 0 && dead == 0)) || verdict=FAIL
# wrk's one thread numbers its deliveries 1, 2, ... (it builds, and never sends, the first one itself): any number
# between the lowest and the highest seen that the upstream lacks.
missing=$(awk '/^load-flap-/ {split($1, p, "-"); n = p[4] + 0; seen[n] = 1; if (n > top) top = n; if (low == "" || n < low) low = n}
  END {for (i = low; i <= top; i++) if (!(i in seen)) printf "%s ", i}' "$work/upstream/ids.log")

mkdir -p "$results"
out="$results/$stamp-flapping.md"
{
  echo "# Flapping backend, $stamp UTC"
  echo
  echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); ${seconds}s of deliveries (wrk -t1 -c$connections, a new delivery id per request), the upstream's listener closed ${down}s / open ${up}s ($flaps times closed); SQLite spool, backoff 1-10 s."
  echo
  echo "| figure | value |"
  echo "|---|---:|"
  echo "| requests completed by wrk | $requests ($rps req/s, p99 $p99) |"
  echo "| answered other than 2xx | $non2xx |"
  echo "| forwarded at once (2xx) | $forwarded |"
  echo "| spooled (202) | $spooled |"
  echo "| answered as upstream errors (not spooled) | $upstream_errors |"
  echo "| redeliveries: delivered / retried / dead | $delivered / $retries / $dead |"
  echo "| spool drained after the load stopped | ${drain_seconds}s |"
  echo "| requests the upstream answered | $received (of them redeliveries: $redelivered_received) |"
  echo "| distinct delivery ids at the upstream | $distinct (acknowledged: $acknowledged) |"
  echo "| ids the upstream received twice | $twice |"
  echo "| ids below the highest received that the upstream lacks | ${missing:-none} |"
  echo
  echo "**$verdict**: every acknowledged delivery reached the upstream$( ((distinct == acknowledged)) && echo "" || echo " — NOT: $((acknowledged - distinct)) missing")$( ((twice == 0)) && echo ", none twice" || echo ", $twice twice")."
} | tee "$out"
echo "written: $out"
[[ $verdict == PASS ]]
