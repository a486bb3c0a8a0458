#!/usr/bin/env bash
# Load tests, all in one run so the ratios hold on a noisy machine.
#
#   load-tests/run.sh [compare]   scenarios (a)-(f) with 1 KiB and 64 KiB bodies -> results/<date>-compare.md
#   load-tests/run.sh soak        5 minutes at constant concurrency, a new delivery per request (memory store),
#                                 RSS sampled every 10 s -> results/<date>-soak.md
#   load-tests/run.sh hostile     valid deliveries mixed with invalid signatures, oversized bodies and slow clients;
#                                 checks every valid delivery reached the upstream exactly once -> results/<date>-hostile.md
#
# Environment: DURATION (compare, per scenario; default 15s), WARMUP (before each scenario; default 15s), CONNECTIONS (default 32), THREADS (wrk, default 1),
# REPEAT (compare: rounds of every scenario, interleaved, reported as medians; default 1),
# SOAK_SECONDS (default 300), HOSTILE_SECONDS (default 180), ONLY (a regex of scenario keys to run, e.g. '^[cd]-1k'),
# FIREWALL_ARGS (extra arguments for the firewall, e.g. '--WebhookFirewall:Metrics:RuntimeMeters false').
#
# The load generator is wrk (NBomber is not served by our package registry): a real closed-loop HTTP/1.1 generator
# with Lua scripts, which give every GitHub request its own delivery id. Stripe and Standard Webhooks sign their
# delivery id (inside the body or the signed content), which wrk cannot re-sign per request: their routes run with
# idempotency off, so (e) measures verification itself; the store's cost is what (d) and (f) add over (c).
# The upstream is nginx answering 204 from one worker: it does no work, so it is never the bottleneck.
set -euo pipefail

mode=${1:-compare}
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-15s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}
work=$(mktemp -d)
chmod 755 "$work" # nginx workers run unprivileged and must reach their temp paths
results="$root/load-tests/results"
stamp=$(date -u +%Y-%m-%dT%H%M)
upstream_port=18080 proxy_port=18081 firewall_port=18082 plain_yarp_port=18083 management_port=19090 redis_port=16379
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f $work/upstream/nginx.pid ]] && kill "$(cat "$work/upstream/nginx.pid")" 2>/dev/null || true
  [[ -f $work/proxy/nginx.pid ]] && kill "$(cat "$work/proxy/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$work"
}
trap cleanup EXIT

need() {
  command -v "$1" >/dev/null 2>&1 && return
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
  else
    echo "missing $1: install the Debian package $2" >&2
    exit 1
  fi
}
need nginx nginx
need wrk wrk
need redis-server redis-server

for port in $upstream_port $proxy_port $firewall_port $plain_yarp_port $management_port $redis_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use: stop what listens there first" >&2
    exit 1
  fi
done

wait_for() { # url
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing answers at $1" >&2
  exit 1
}

# --- the firewall, published as it ships -------------------------------------------------------------------------
echo "publishing the firewall (Release)..."
dotnet publish "$root/src/WebhookFirewall" -c Release -o "$work/firewall" >/dev/null
firewall() { dotnet "$work/firewall/WebhookFirewall.dll" "$@"; }
dotnet publish "$root/load-tests/PlainYarp" -c Release -o "$work/plain-yarp" >/dev/null

# --- bodies and signatures ---------------------------------------------------------------------------------------
make_body() { # size file: JSON of exactly `size` bytes, carrying the ids the providers read
  local size=$1 head='{"id":"evt_load_test","event_id":"Ev_load","pad":"' tail='"}'
  { printf '%s' "$head"; head -c $((size - ${#head} - ${#tail})) /dev/zero | tr '\0' 'a'; printf '%s' "$tail"; } >"$2"
}
make_body 1024 "$work/body-1k.json"
make_body 65536 "$work/body-64k.json"
github_secret=load-test-github-secret stripe_secret=whsec_load_test standard_key=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw

# --- nginx: the upstream (204) and the peer a user would pick instead (proxy_pass with keepalive) ------------------
start_nginx() { # name port config-body
  mkdir -p "$work/$1"
  chmod 777 "$work/$1"
  cat >"$work/$1/nginx.conf" <<EOF
worker_processes $4;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log warn;
events { worker_connections 8192; }
http {
  client_body_temp_path $work/$1/body;
  proxy_temp_path $work/$1/proxy;
  client_max_body_size 10m;
  client_body_buffer_size 128k;
  keepalive_requests 1000000;
  log_format ids '\$http_x_github_delivery';
  $3
}
EOF
  nginx -c "$work/$1/nginx.conf" -g 'daemon on;'
  wait_for "http://127.0.0.1:$2/"
}
start_nginx upstream $upstream_port "access_log off; server { listen 127.0.0.1:$upstream_port; location / { return 204; } }" 1
start_nginx proxy $proxy_port "access_log off; upstream backend { server 127.0.0.1:$upstream_port; keepalive 64; }
  server { listen 127.0.0.1:$proxy_port; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }" auto

nginx_pids() { # name: master and workers
  local master
  master=$(cat "$work/$1/nginx.pid")
  echo "$master $(pgrep -P "$master" | tr '\n' ' ')"
}

# --- the firewall's config for the load runs -----------------------------------------------------------------------
write_config() { # store max-body-bytes
  cat >"$work/firewall.json" <<EOF
{
  "ReverseProxy": {
    "Routes": {
      "anon": { "ClusterId": "upstream", "Match": { "Path": "/anon" }, "Metadata": { "WebhookPolicy": "Anonymous" } },
      "github": { "ClusterId": "upstream", "Match": { "Path": "/github" }, "Metadata": { "WebhookPolicy": "github" } },
      "stripe": { "ClusterId": "upstream", "Match": { "Path": "/stripe" }, "Metadata": { "WebhookPolicy": "stripe" } },
      "standard": { "ClusterId": "upstream", "Match": { "Path": "/standard" }, "Metadata": { "WebhookPolicy": "standard" } }
    },
    "Clusters": { "upstream": { "Destinations": { "nginx": { "Address": "http://127.0.0.1:$upstream_port/" } } } }
  },
  "WebhookFirewall": {
    "Policies": {
      "github": { "Provider": "github", "Secrets": [ "$github_secret" ], "MaxBodyBytes": $2 },
      "stripe": { "Provider": "stripe", "Secrets": [ "$stripe_secret" ], "Idempotency": { "Enabled": false } },
      "standard": { "Provider": "standard-webhooks", "Secrets": [ "$standard_key" ], "Idempotency": { "Enabled": false } }
    },
    "Idempotency": { "Store": "$1", "KeyPrefix": "load:" }
  },
  "ConnectionStrings": { "Redis": "127.0.0.1:$redis_port" },
  "Logging": { "LogLevel": { "Default": "Warning" } }
}
EOF
}

firewall_pid=
start_firewall() { # store [max-body-bytes]
  stop_firewall
  write_config "$1" "${2:-1048576}"
  # dotnet directly (not the shell function), so that $! is the firewall's own pid for CPU and RSS readings.
  dotnet "$work/firewall/WebhookFirewall.dll" --config "$work/firewall.json" --urls "http://127.0.0.1:$firewall_port" \
    --WebhookFirewall:ManagementUrl "http://127.0.0.1:$management_port" ${FIREWALL_ARGS:-} >"$work/firewall.log" 2>&1 &
  firewall_pid=$!
  pids+=("$firewall_pid")
  wait_for "http://127.0.0.1:$management_port/healthz"
  kill -0 "$firewall_pid" 2>/dev/null || { echo "the firewall exited:" >&2; cat "$work/firewall.log" >&2; exit 1; }
}
stop_firewall() {
  if [[ -n $firewall_pid ]]; then kill "$firewall_pid" 2>/dev/null || true; wait "$firewall_pid" 2>/dev/null || true; firewall_pid=; fi
}

redis_pid=
start_redis() {
  redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
  redis_pid=$!
  pids+=("$redis_pid")
  sleep 0.5
}

# --- measuring -----------------------------------------------------------------------------------------------------
ticks=$(getconf CLK_TCK)
cpu_ticks() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done; echo $total; }
peak_rss_kib() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0))); done; echo $total; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
to_ms() { # wrk latency value (e.g. 512.00us, 1.20ms, 2.01s)
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else { sub(/s$/, "", v); print v * 1000 } }'
}

declare -A rps p50 p99 cpu rss errors spread samples
scenario_names=()

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sample_field() { tr ' ' '\n' <<<"$1" | grep . | cut -d/ -f"$2"; } # samples field: one value per run

measure() { # key label url server-pids script args...
  local key=$1 label=$2 url=$3 server_pids=$4 script=$5
  shift 5
  [[ $key =~ ${ONLY:-.} ]] || return 0
  # Warm-up: tiered JIT with PGO, connection pools, the GC's heap sizing. A fresh firewall is still getting faster
  # for ~10 s under load (measured: 5.2k req/s in its first 8 s, 11-12k after), so the default is generous.
  WRK_PHASE=warm-up wrk -t"$threads" -c"$connections" -d"${WARMUP:-15s}" -s "$script" "$url" -- "$@" >/dev/null 2>&1 || true
  local before after started ended out r a b e c m
  before=$(cpu_ticks $server_pids)
  started=$(date +%s.%N)
  out=$(WRK_PHASE=measured-$RANDOM wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$script" "$url" -- "$@")
  ended=$(date +%s.%N)
  after=$(cpu_ticks $server_pids)
  r=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  a=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  b=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  e=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  c=$(awk -v t=$((after - before)) -v hz="$ticks" -v s="$started" -v e="$ended" 'BEGIN { printf "%.2f", t / hz / (e - s) }')
  m=$(( $(peak_rss_kib $server_pids) / 1024 ))
  [[ -n ${samples[$key]:-} ]] || scenario_names+=("$key|$label")
  samples[$key]+="$r/$a/$b/$c/$m/${e:-0} "
  echo "  $label: $r req/s, p50 $a ms, p99 $b ms, CPU $c cores, non-2xx ${e:-0}"
}

summarise() { # per scenario: the median of its runs (req/s, p50, p99, CPU), the highest peak RSS, all non-2xx
  local entry key list
  for entry in "${scenario_names[@]}"; do
    key=${entry%%|*} list=${samples[$key]}
    rps[$key]=$(sample_field "$list" 1 | median)
    p50[$key]=$(sample_field "$list" 2 | median)
    p99[$key]=$(sample_field "$list" 3 | median)
    cpu[$key]=$(sample_field "$list" 4 | median)
    rss[$key]=$(sample_field "$list" 5 | sort -n | tail -1)
    errors[$key]=$(sample_field "$list" 6 | awk '{ t += $1 } END { print t + 0 }')
    spread[$key]=$(sample_field "$list" 1 | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f-%.0f", lo, hi }')
  done
}

describe_machine() {
  echo "- Machine: $(nproc) cores ($(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
  echo "- .NET $(dotnet --version) SDK, $(nginx -v 2>&1 | sed 's/nginx version: //'), $(wrk --version 2>&1 | head -1 | awk '{print "wrk " $2}'), $(redis-server --version | awk '{print $1 " " $3}')"
  echo "- Load: wrk -t$threads -c$connections$([[ $mode == compare ]] && echo ", ${duration} per scenario after a ${WARMUP:-15s} warm-up")$([[ $mode == hostile ]] && echo ", each run after a ${WARMUP:-15s} warm-up with valid deliveries"); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  [[ -n ${FIREWALL_ARGS:-} ]] && echo "- Firewall arguments: $FIREWALL_ARGS"
  echo "- The machine is shared and noisy: compare rows within this run only (ratios), never across runs."
}

# One round of every scenario for one body size.
compare_size() { # size
  local size=$1 body="$work/body-$1.json" sig plain_pid
  echo "== $size bodies"
  sig=$(firewall sign --provider github --secret $github_secret --body-file "$body" | awk -F': ' '/X-Hub-Signature-256/ {print $2}')
  # (a)-(d) and (f) get the very same requests — GitHub's headers, a new delivery id each — so every row parses and
  # forwards the same bytes and the ratios measure only what the firewall adds.
  measure_github() { # key label url server-pids
    measure "$1" "$2" "$3" "$4" "$root/load-tests/scripts/github.lua" "$body" "$sig" "${1/-/}"
  }
  measure_github "a-$size" "(a) direct to the upstream (nginx 204)" "http://127.0.0.1:$upstream_port/" "$(nginx_pids upstream)"
  measure_github "b-$size" "(b) nginx proxy_pass, keepalive" "http://127.0.0.1:$proxy_port/" "$(nginx_pids proxy)"
  dotnet "$work/plain-yarp/PlainYarp.dll" --urls "http://127.0.0.1:$plain_yarp_port" --upstream "http://127.0.0.1:$upstream_port/" >"$work/plain-yarp.log" 2>&1 &
  plain_pid=$!
  pids+=("$plain_pid")
  wait_for "http://127.0.0.1:$plain_yarp_port/"
  measure_github "c0-$size" "(c0) plain YARP app (no firewall code)" "http://127.0.0.1:$plain_yarp_port/" "$plain_pid"
  kill "$plain_pid"; wait "$plain_pid" 2>/dev/null || true
  start_firewall Memory
  measure_github "c-$size" "(c) firewall, Anonymous route (bare YARP)" "http://127.0.0.1:$firewall_port/anon" "$firewall_pid"
  start_firewall Memory
  measure_github "d-$size" "(d) firewall, github, memory store" "http://127.0.0.1:$firewall_port/github" "$firewall_pid"
  start_firewall Memory
  # Signed now: the whole run stays well inside the 5-minute replay window.
  firewall sign --provider stripe --secret $stripe_secret --body-file "$body" >"$work/stripe-headers"
  measure "e1-$size" "(e) firewall, stripe (Stripe.net EventUtility)" "http://127.0.0.1:$firewall_port/stripe" "$firewall_pid" "$root/load-tests/scripts/fixed.lua" "$body" "$work/stripe-headers"
  start_firewall Memory
  firewall sign --provider standard-webhooks --secret $standard_key --body-file "$body" >"$work/standard-headers"
  measure "e2-$size" "(e) firewall, standard-webhooks" "http://127.0.0.1:$firewall_port/standard" "$firewall_pid" "$root/load-tests/scripts/fixed.lua" "$body" "$work/standard-headers"
  start_redis
  start_firewall Redis
  measure_github "f-$size" "(f) firewall, github, Redis store" "http://127.0.0.1:$firewall_port/github" "$firewall_pid"
  stop_firewall
  kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
}

run_compare() {
  local round rounds=${REPEAT:-1} size key
  for round in $(seq 1 "$rounds"); do
    ((rounds == 1)) || echo "== round $round of $rounds"
    for size in 1k 64k; do
      compare_size "$size"
    done
  done
  summarise

  local file="$results/$stamp-compare.md"
  {
    echo "# Load comparison, $stamp UTC"
    echo
    describe_machine
    echo
    ((rounds == 1)) || echo "Each scenario ran $rounds times, the rounds interleaved; figures are medians (req/s range: lowest-highest run)."
    ((rounds == 1)) || echo
    echo "| scenario | body | req/s | req/s range | p50 ms | p99 ms | server CPU (cores) | peak RSS MiB | non-2xx | req/s vs (c) | p99 vs (c), ms |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    local entry label base
    for entry in "${scenario_names[@]}"; do
      key=${entry%%|*} label=${entry#*|} size=${key##*-} base="c-${key##*-}"
      [[ -n ${rps[$base]:-} ]] || base=$key
      awk -v l="$label" -v s="$size" -v r="${rps[$key]}" -v g="${spread[$key]}" -v a="${p50[$key]}" -v b="${p99[$key]}" -v c="${cpu[$key]}" -v m="${rss[$key]}" \
          -v e="${errors[$key]}" -v br="${rps[$base]}" -v bp="${p99[$base]}" \
          'BEGIN { printf "| %s | %s | %.0f | %s | %.2f | %.2f | %.2f | %s | %s | %.2f | %+.2f |\n", l, s == "1k" ? "1 KiB" : "64 KiB", r, g, a, b, c, m, e, r / br, b - bp }'
    done
    echo
    echo "Targets (issue 7): (d) >= 0.95 x (c) with p99 at most 0.5 ms above (c); (f) >= 0.85 x (c); (d) >= 0.8 x (b)."
    for size in 1k 64k; do
      [[ -n ${rps[b-$size]:-} && -n ${rps[c-$size]:-} && -n ${rps[d-$size]:-} && -n ${rps[f-$size]:-} ]] || continue
      awk -v s="$size" -v d="${rps[d-$size]}" -v c="${rps[c-$size]}" -v f="${rps[f-$size]}" -v b="${rps[b-$size]}" \
        'BEGIN { printf "- %s: (d)/(c) = %.2f, (f)/(c) = %.2f, (d)/(b) = %.2f\n", s == "1k" ? "1 KiB" : "64 KiB", d / c, f / c, d / b }'
      [[ -n ${rps[c0-$size]:-} ]] || continue
      awk -v s="$size" -v c0="${rps[c0-$size]}" -v c="${rps[c-$size]}" -v b="${rps[b-$size]}" \
        'BEGIN { printf "  and (c)/(c0) = %.2f (the firewall around YARP, nothing verified), (c0)/(b) = %.2f (YARP itself against nginx: the ceiling for (d)/(b))\n", c / c0, c0 / b }'
    done
  } >"$file"
  echo
  cat "$file"
  echo "written to $file"
}

run_soak() {
  local seconds=${SOAK_SECONDS:-300} body="$work/body-1k.json" file="$results/$stamp-soak.md"
  firewall sign --provider github --secret $github_secret --body-file "$body" | awk -F': ' '/X-Hub-Signature-256/ {print $2}' >"$work/github-sig"
  start_firewall Memory
  echo "soak: ${seconds}s at -c$connections, a new GitHub delivery per request, memory store (MaxEntries 250000)"
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$root/load-tests/scripts/github.lua" "http://127.0.0.1:$firewall_port/github" -- "$body" "$(cat "$work/github-sig")" soak >"$work/soak-wrk.txt" &
  local wrk_pid=$! samples=()
  while kill -0 $wrk_pid 2>/dev/null; do samples+=("$(rss_kib "$firewall_pid")"); sleep 10; done
  wait $wrk_pid || true
  local requests
  requests=$(awk '/requests in/ {print $1}' "$work/soak-wrk.txt")
  {
    echo "# Soak, $stamp UTC"
    echo
    describe_machine
    echo
    echo "$requests distinct deliveries in ${seconds}s ($(awk '/Requests\/sec/ {print $2}' "$work/soak-wrk.txt") req/s; p99 $(awk '$1 == "99%" {print $2}' "$work/soak-wrk.txt"));"
    echo "non-2xx: $(awk '/Non-2xx/ {print $5}' "$work/soak-wrk.txt" | grep . || echo 0). RSS of the firewall every 10 s (MiB):"
    echo
    printf '%s\n' "${samples[@]}" | awk '{printf "%s%d", (NR > 1 ? ", " : ""), $1 / 1024} END {print ""}'
    echo
    echo "Store entries at the end: $(curl -fsS "http://127.0.0.1:$management_port/metrics" | awk '/^webhook_requests_total.*route="github".*outcome="forwarded"/ {print "forwarded " $2}')"
  } >"$file"
  cat "$file"
  echo "written to $file"
}

run_hostile() {
  local seconds=${HOSTILE_SECONDS:-180} body="$work/body-1k.json" file="$results/$stamp-hostile.md"
  firewall sign --provider github --secret $github_secret --body-file "$body" | awk -F': ' '/X-Hub-Signature-256/ {print $2}' >"$work/github-sig"
  make_body 65536 "$work/oversized.json"
  local valid_connections=$((connections / 4))
  # Both runs measure a warm process (JIT tiers, pools): a cold start's first seconds otherwise dominate the p99.
  warm_up_valid() {
    WRK_PHASE=warm-up wrk -t1 -c"$valid_connections" -d"${WARMUP:-15s}" -s "$root/load-tests/scripts/github.lua" "http://127.0.0.1:$firewall_port/github" -- "$body" "$(cat "$work/github-sig")" warm >/dev/null
  }

  echo "clean run: valid deliveries only, ${seconds}s / 3"
  start_firewall Memory 16384
  warm_up_valid
  wrk -t1 -c"$valid_connections" -d"$((seconds / 3))s" --latency -s "$root/load-tests/scripts/github.lua" "http://127.0.0.1:$firewall_port/github" -- "$body" "$(cat "$work/github-sig")" clean >"$work/clean.txt"

  echo "hostile run: the same valid traffic, plus invalid signatures, oversized bodies and slow clients, ${seconds}s"
  # The upstream records every delivery id it receives, to check exactly-once.
  kill "$(cat "$work/upstream/nginx.pid")"; sleep 0.5
  start_nginx upstream $upstream_port "access_log $work/upstream/ids.log ids; server { listen 127.0.0.1:$upstream_port; location / { return 204; } }" 1
  start_firewall Memory 16384
  warm_up_valid
  for i in $(seq 1 20); do
    ( end=$((SECONDS + seconds)); while ((SECONDS < end)); do
        exec 3<>"/dev/tcp/127.0.0.1/$firewall_port" || break
        printf 'POST /github HTTP/1.1\r\nHost: slow\r\nContent-Length: 100000\r\n\r\n' >&3
        while ((SECONDS < end)) && printf 'a' >&3 2>/dev/null; do sleep 1; done
        exec 3>&-
      done ) &
    pids+=($!)
  done
  wrk -t1 -c"$((connections - valid_connections))" -d"${seconds}s" -s "$root/load-tests/scripts/hostile.lua" "http://127.0.0.1:$firewall_port/github" -- "$body" "$(cat "$work/github-sig")" junk 1000000000 "$work/oversized.json" >"$work/junk.txt" &
  local junk_pid=$!
  wrk -t1 -c"$valid_connections" -d"${seconds}s" --latency -s "$root/load-tests/scripts/github.lua" "http://127.0.0.1:$firewall_port/github" -- "$body" "$(cat "$work/github-sig")" valid >"$work/valid.txt" &
  local valid_pid=$! samples=()
  while kill -0 $valid_pid 2>/dev/null; do samples+=("$(rss_kib "$firewall_pid")"); sleep 10; done
  wait $valid_pid $junk_pid || true
  sleep 2

  local sent non2xx ok logged duplicates
  sent=$(awk '/requests in/ {print $1}' "$work/valid.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/valid.txt" | grep . || echo 0)
  ok=$((sent - non2xx))
  logged=$(grep -c '^valid-' "$work/upstream/ids.log" || true)
  duplicates=$(grep '^valid-' "$work/upstream/ids.log" | sort | uniq -d | wc -l)
  {
    echo "# Hostile soak, $stamp UTC"
    echo
    describe_machine
    echo
    echo "- Valid traffic: wrk -c$valid_connections, unique GitHub deliveries. Hostile traffic at the same time: wrk -c$((connections - valid_connections))"
    echo "  alternating invalid signatures and 64 KiB bodies over the route's 16 KiB MaxBodyBytes ($(awk '/requests in/ {print $1}' "$work/junk.txt") requests,"
    echo "  $(awk '/Requests\/sec/ {print $2}' "$work/junk.txt") req/s), and 20 slow clients trickling a body at 1 byte/s, reconnecting when cut off."
    echo
    echo "| run | valid req/s | p50 | p99 |"
    echo "|---|---:|---:|---:|"
    echo "| clean (valid only) | $(awk '/Requests\/sec/ {print $2}' "$work/clean.txt") | $(awk '$1 == "50%" {print $2}' "$work/clean.txt") | $(awk '$1 == "99%" {print $2}' "$work/clean.txt") |"
    echo "| hostile (valid share) | $(awk '/Requests\/sec/ {print $2}' "$work/valid.txt") | $(awk '$1 == "50%" {print $2}' "$work/valid.txt") | $(awk '$1 == "99%" {print $2}' "$work/valid.txt") |"
    echo
    echo "- p99 hostile / clean: $(awk -v h="$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/valid.txt")")" -v c="$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/clean.txt")")" 'BEGIN { printf "%.2f", h / c }') (target: at most 2)"
    echo "- Valid deliveries answered 2xx: $ok of $sent; received by the upstream: $logged; received twice: $duplicates"
    echo "  (a difference of at most $valid_connections is requests still in flight when wrk stopped: forwarded, answer not counted)"
    echo "- Firewall RSS every 10 s (MiB): $(printf '%s\n' "${samples[@]}" | awk '{printf "%s%d", (NR > 1 ? ", " : ""), $1 / 1024}')"
  } >"$file"
  cat "$file"
  echo "written to $file"
}

mkdir -p "$results"
case $mode in
  compare) run_compare ;;
  soak) run_soak ;;
  hostile) run_hostile ;;
  *) echo "usage: $0 [compare|soak|hostile]" >&2; exit 2 ;;
esac
