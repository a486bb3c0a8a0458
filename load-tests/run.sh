#!/usr/bin/env bash
# Load tests, all in one run so the ratios hold on a noisy machine.
#
#   load-tests/run.sh [compare]   scenarios (a)-(f) with 1 KiB and 64 KiB bodies -> results/<date>-compare.md (+ .csv, charts)
#   load-tests/run.sh soak        5 minutes at constant concurrency, a new delivery per request (memory store),
#                                 RSS sampled every 10 s -> results/<date>-soak.md (+ .csv)
#   load-tests/run.sh hostile     valid deliveries mixed with invalid signatures, oversized bodies and slow clients;
#                                 checks every valid delivery reached the upstream exactly once -> results/<date>-hostile.md (+ .csv)
#   load-tests/run.sh scaleout    two firewall replicas behind nginx round-robin sharing one Redis: unique deliveries,
#                                 then every delivery sent twice (once to each replica); checks exactly-once at the
#                                 upstream -> results/<date>-scaleout.md (+ .csv, charts)
#
# Environment: DURATION (compare and scaleout, per scenario or phase; default 15s), WARMUP (before each scenario;
# default 15s), CONNECTIONS (default 32), THREADS (wrk, default 1), REPEAT (compare and scaleout: rounds of every
# scenario, interleaved, reported as medians; default 1), SOAK_SECONDS (default 300), HOSTILE_SECONDS (default 180),
# ONLY (compare: a regex of scenario keys to run, e.g. '^[cd]-1k'),
# FIREWALL_ARGS (extra arguments for the firewall, e.g. '--WebhookFirewall:Metrics:RuntimeMeters false').
#
# Every row reports the measured process's CPU time per request: user + system time from /proc/<pid>/stat (all of
# its threads; every nginx process of a row), read just before and just after the measured wrk run, divided by the
# requests wrk counted in that run.
#
# The load generator is wrk (NBomber is not served by our package registry): a real closed-loop HTTP/1.1 generator
# with Lua scripts, which give every GitHub request its own delivery id. Stripe and Standard Webhooks sign their
# delivery id (inside the body or the signed content), which wrk cannot re-sign per request: their routes run with
# idempotency off, so (e) measures verification itself; the store's cost is what (d) and (f) add over (c).
# (d0) is (d) with the delivery ledger off (`Ledger:Store None`): (d)/(d0) is what recording one entry per request costs.
# The upstream is nginx answering 204 from one worker: it does no work, so it is never the bottleneck.
set -euo pipefail

mode=${1:-compare}
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${DURATION:-15s}
warmup=${WARMUP:-15s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}
rounds=${REPEAT:-1}
work=$(mktemp -d)
chmod 755 "$work" # nginx workers run unprivileged and must reach their temp paths
results="$root/load-tests/results"
stamp=$(date -u +%Y-%m-%dT%H%M)
upstream_port=18080 proxy_port=18081 firewall_port=18082 plain_yarp_port=18083 management_port=19090 redis_port=16379
balancer_port=18084 replica_ports=(18085 18086) replica_management_ports=(19091 19092) slow_port=18087
pids=()
round=1

cleanup() {
  local pid name
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for name in upstream proxy balancer; do
    [[ -f $work/$name/nginx.pid ]] && kill "$(cat "$work/$name/nginx.pid")" 2>/dev/null || true
  done
  sleep 0.5
  rm -rf "$work"
}
trap cleanup EXIT

. "$root/load-tests/scripts/helpers.sh"
need nginx nginx
need wrk wrk
need redis-server redis-server
require_free_ports $upstream_port $proxy_port $firewall_port $plain_yarp_port $management_port $redis_port \
  $balancer_port "${replica_ports[@]}" "${replica_management_ports[@]}" $slow_port

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
github_signature() { # body file
  firewall sign --provider github --secret $github_secret --body-file "$1" | awk -F': ' '/X-Hub-Signature-256/ {print $2}'
}
body_name() { [[ $1 == 1k ]] && echo "1 KiB" || echo "64 KiB"; } # size key

# --- nginx: the upstream (204) and the peer a user would pick instead (proxy_pass with keepalive) ------------------
start_nginx() { # name port config-body workers
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
upstream_server="server { listen 127.0.0.1:$upstream_port; location / { return 204; } }"
start_nginx upstream $upstream_port "access_log off; $upstream_server" 1
start_nginx proxy $proxy_port "access_log off; upstream backend { server 127.0.0.1:$upstream_port; keepalive 64; }
  server { listen 127.0.0.1:$proxy_port; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }" auto

# The upstream logs the X-GitHub-Delivery of every request it answers, one a line, to check exactly-once.
restart_upstream_recording_ids() {
  kill "$(cat "$work/upstream/nginx.pid")"; sleep 0.5
  start_nginx upstream $upstream_port "access_log $work/upstream/ids.log ids; $upstream_server" 1
}

nginx_pids() { # name: master and workers
  local master
  master=$(cat "$work/$1/nginx.pid")
  echo "$master $(pgrep -P "$master" | tr '\n' ' ')"
}

# --- the firewall's config for the load runs -----------------------------------------------------------------------
write_config() { # store max-body-bytes
  # The github rows send one body with a fresh X-GitHub-Delivery per request: keyed by content (GitHub's default, its
  # signature covers no id), every request after the first would be a duplicate. Keying by the id measures one new
  # delivery per request, which is the case to size for.
  cat >"$work/firewall.json" <<EOF
{
  "ReverseProxy": {
    "Routes": {
      "anon": { "ClusterId": "upstream", "Match": { "Path": "/anon" }, "Metadata": { "WebhookPolicy": "Anonymous" } },
      "github": { "ClusterId": "upstream", "Match": { "Path": "/github" }, "Metadata": { "WebhookPolicy": "github" } },
      "stripe": { "ClusterId": "upstream", "Match": { "Path": "/stripe" }, "Metadata": { "WebhookPolicy": "stripe" } },
      "standard": { "ClusterId": "upstream", "Match": { "Path": "/standard" }, "Metadata": { "WebhookPolicy": "standard" } },
      "admitted": { "ClusterId": "upstream", "Match": { "Path": "/admitted" }, "RateLimiterPolicy": "generous",
        "Metadata": { "WebhookPolicy": "github-admitted", "MaxConcurrentRequests": "100000" } },
      "spooling": { "ClusterId": "upstream-spool", "Match": { "Path": "/spooling" }, "Metadata": { "WebhookPolicy": "github-spool" } },
      "slow": { "ClusterId": "slow", "Match": { "Path": "/slow" }, "Metadata": { "WebhookPolicy": "github" } },
      "anon-slow": { "ClusterId": "slow", "Match": { "Path": "/anon-slow" }, "Metadata": { "WebhookPolicy": "Anonymous" } }
    },
    "Clusters": {
      "upstream": { "Destinations": { "nginx": { "Address": "http://127.0.0.1:$upstream_port/" } } },
      "upstream-spool": { "HttpRequest": { "ActivityTimeout": "00:00:10" }, "Destinations": { "nginx": { "Address": "http://127.0.0.1:$upstream_port/" } } },
      "slow": { "Destinations": { "delayed": { "Address": "http://127.0.0.1:$slow_port/" } } }
    }
  },
  "WebhookFirewall": {
    "Policies": {
      "github": { "Provider": "github", "Secrets": [ "$github_secret" ], "MaxBodyBytes": $2, "Idempotency": { "Key": "DeliveryId" } },
      "github-admitted": { "Provider": "github", "Secrets": [ "$github_secret" ], "MaxBodyBytes": $2, "Idempotency": { "Key": "DeliveryId" },
        "AllowedSources": [ "github", "10.0.0.0/8", "127.0.0.1/32" ] },
      "github-spool": { "Provider": "github", "Secrets": [ "$github_secret" ], "MaxBodyBytes": $2, "Idempotency": { "Key": "DeliveryId" },
        "Delivery": { "OnUpstreamFailure": "Spool" } },
      "stripe": { "Provider": "stripe", "Secrets": [ "$stripe_secret" ], "Idempotency": { "Enabled": false } },
      "standard": { "Provider": "standard-webhooks", "Secrets": [ "$standard_key" ], "Idempotency": { "Enabled": false } }
    },
    "Idempotency": { "Store": "$1", "KeyPrefix": "load:" },
    "Spool": { "Store": "${SPOOL_STORE:-Sqlite}", "Path": "$work/spool.db" },
    "Ledger": { "Store": "${LEDGER_STORE:-Memory}" },
    "RateLimiting": { "Policies": {
      "generous": { "Kind": "TokenBucket", "TokenLimit": 1000000000, "TokensPerPeriod": 1000000000, "ReplenishmentPeriod": "00:00:01", "QueueLimit": 0 }
    } }
  },
  "ConnectionStrings": { "Redis": "127.0.0.1:$redis_port" },
  "Logging": { "LogLevel": { "Default": "Warning" } }
}
EOF
}

# The runtime settings the image ships with (the Dockerfile's ENV): every firewall row runs with them, as deployed.
# They are environment variables the runtime reads itself, so a bare `dotnet WebhookFirewall.dll` would not have them.
shipped_env="DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1"
for setting in $shipped_env; do
  grep -q "$setting" "$root/Dockerfile" || { echo "the Dockerfile no longer sets $setting: update shipped_env in $0" >&2; exit 1; }
done
# Today's runtime defaults before issue 16, for the rows that measure what the shipped settings change.
previous_env="DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0"

launched_pid=
launch_firewall() { # public-port management-port log: one firewall process on the current config
  # dotnet directly (not the shell function), so that $! is the firewall's own pid for CPU and RSS readings.
  # FIREWALL_ENV (e.g. 'DOTNET_GCgen0size=0x4000000'): env execs dotnet, so $! stays the firewall's pid.
  # FIREWALL_BUILD: another published build of the firewall (the settings run's ReadyToRun build).
  env $shipped_env ${FIREWALL_ENV:-} dotnet "${FIREWALL_BUILD:-$work/firewall}/WebhookFirewall.dll" --config "$work/firewall.json" --urls "http://127.0.0.1:$1" \
    --WebhookFirewall:ManagementUrl "http://127.0.0.1:$2" ${FIREWALL_ARGS:-} >"$3" 2>&1 &
  launched_pid=$!
  pids+=("$launched_pid")
  wait_for "http://127.0.0.1:$2/healthz"
  kill -0 "$launched_pid" 2>/dev/null || { echo "the firewall exited:" >&2; cat "$3" >&2; exit 1; }
}

firewall_pid=
start_firewall() { # store [max-body-bytes]
  stop_firewall
  write_config "$1" "${2:-1048576}"
  launch_firewall $firewall_port $management_port "$work/firewall.log"
  firewall_pid=$launched_pid
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
stop_redis() { kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true; }

# --- measuring -----------------------------------------------------------------------------------------------------
ticks=$(getconf CLK_TCK)
cpu_ticks() { # pids...: user + system time of each process (every thread of it), summed, in clock ticks
  local total=0 pid stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) } # the command name may hold spaces; what follows it starts at field 3, so utime is the 12th
    total=$((total + $(awk '{print $12 + $13}' <<<"$stat")))
  done
  echo $total
}
declare -A cpu_marks
cpu_mark() { local group=$1; shift; cpu_marks[$group]=$(cpu_ticks "$@"); } # group pids...
cpu_spent() { local group=$1; shift; echo $(($(cpu_ticks "$@") - ${cpu_marks[$group]})); } # group pids...: ticks since the mark
us_per_request() { # ticks requests
  awk -v t="$1" -v hz="$ticks" -v n="$2" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }'
}
cores_used() { awk -v t="$1" -v hz="$ticks" -v s="$2" 'BEGIN { printf "%.2f", t / hz / s }'; } # ticks seconds
peak_rss_mib() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0))); done; echo $((total / 1024)); }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
to_ms() { # wrk latency value (e.g. 512.00us, 1.20ms, 2.01s)
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else { sub(/s$/, "", v); print v * 1000 } }'
}
wrk_figures() { # wrk --latency output -> "requests req/s p50-ms p99-ms non-2xx"
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$1")
  echo "$(awk '/ requests in / {print $1}' <<<"$1") $(awk '/Requests\/sec/ {print $2}' <<<"$1")" \
    "$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$1")") $(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$1")") ${non2xx:-0}"
}
run_wrk() { # phase wrk-args...: one measured wrk run; its figures in the run_* variables
  local phase=$1 started
  shift
  started=$(date +%s.%N)
  run_output=$(WRK_PHASE=$phase wrk -t"$threads" -c"$connections" --latency "$@")
  run_seconds=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  read -r run_requests run_rps run_p50 run_p99 run_non2xx <<<"$(wrk_figures "$run_output")"
}
outcome_counts() { # management-port: "outcome count" of the firewall's webhook_requests_total, summed over routes
  curl -fsS "http://127.0.0.1:$1/metrics" |
    awk '/^webhook_requests_total\{/ { o = $0; sub(/.*outcome="/, "", o); sub(/".*/, "", o); n[o] += $NF } END { for (o in n) printf "%s %.0f\n", o, n[o] }'
}
count_of() { awk -v k="$1" '$1 == k { n = $2 } END { print n + 0 }' "$2"; } # name counts-file
warm_up() { WRK_PHASE=warm-up wrk -t"$threads" -c"$connections" -d"$warmup" "$@" >/dev/null 2>&1 || true; } # wrk-args...

# One CSV row per scenario and round, beside the markdown: the label (second field) is quoted, it may hold commas.
csv_columns="scenario,label,body,round,requests,seconds,rps,p50_ms,p99_ms,cpu_us_per_request,cpu_cores,peak_rss_mib,non_2xx"
csv_row() { # scenario label fields...
  local scenario=$1 label=$2
  shift 2
  { printf '%s,"%s"' "$scenario" "${label//\"/\"\"}"; printf ',%s' "$@"; echo; } >>"$work/rows.csv"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sample_field() { tr ' ' '\n' <<<"$1" | grep . | cut -d/ -f"$2"; } # samples field: one value per run
sample_range() { sample_field "$1" "$2" | sort -g | awk -v f="$3" 'NR == 1 { lo = $1 } { hi = $1 } END { printf f "-" f, lo, hi }'; } # samples field format

declare -A rps p50 p99 cpu cpu_us rss errors rps_range cpu_range samples
scenario_names=()

selected() { local key; for key in "$@"; do [[ $key =~ ${ONLY:-.} ]] && return 0; done; return 1; } # keys...: any in ONLY?

measure() { # key label url server-pids script args...
  local key=$1 label=$2 url=$3 server_pids=$4 script=$5
  shift 5
  selected "$key" || return 0
  # Warm-up: tiered JIT with PGO, connection pools, the GC's heap sizing. A fresh firewall is still getting faster
  # for its first seconds under load, so the default is generous.
  warm_up -s "$script" "$url" -- "$@"
  local spent per_request cores mib gc_before=
  [[ $url != "http://127.0.0.1:$firewall_port/"* ]] || gc_before=$(gc_collections)
  cpu_mark server $server_pids
  run_wrk "measured-$RANDOM" -d"$duration" -s "$script" "$url" -- "$@"
  spent=$(cpu_spent server $server_pids)
  [[ -z $gc_before ]] || echo "  garbage collections per 10 000 requests (gen0 gen1 gen2): $(gc_per_requests "$gc_before" "$(gc_collections)" "$run_requests")"
  per_request=$(us_per_request "$spent" "$run_requests")
  cores=$(cores_used "$spent" "$run_seconds")
  mib=$(peak_rss_mib $server_pids)
  check_fresh_deliveries "$label" "$url"
  [[ -n ${samples[$key]:-} ]] || scenario_names+=("$key|$label")
  samples[$key]+="$run_rps/$run_p50/$run_p99/$cores/$mib/$run_non2xx/$per_request "
  csv_row "$key" "$label" "$(body_name "${key##*-}")" "$round" "$run_requests" "$run_seconds" "$run_rps" "$run_p50" "$run_p99" "$per_request" "$cores" "$mib" "$run_non2xx"
  echo "  $label: $run_rps req/s, $per_request µs CPU/request, p50 $run_p50 ms, p99 $run_p99 ms, $cores cores, non-2xx $run_non2xx"
}

gc_collections() { # the firewall's GC so far from its runtime meters: "gen0 gen1 gen2 allocated-bytes pause-seconds committed-bytes", or n/a
  local text
  text=$(curl -sf "http://127.0.0.1:$management_port/metrics") || { echo n/a; return 0; }
  awk '
    /^system_runtime_dotnet_gc_collections[{ ]/ { for (g = 0; g <= 2; g++) if ($0 ~ ("gen" g)) { n[g] = $NF; seen = 1 } }
    /^system_runtime_dotnet_gc_heap_total_allocated[{ ]/ { a = $NF }
    /^system_runtime_dotnet_gc_pause_time[{ ]/ { p = $NF }
    /^system_runtime_dotnet_gc_last_collection_memory_committed_size[{ ]/ { m = $NF }
    END { if (!seen || a == "" || p == "") print "n/a"; else printf "%d %d %d %.0f %s %.0f\n", n[0], n[1], n[2], a, p, m }' <<<"$text"
}
gc_per_requests() { # before after requests
  if [[ $1 == n/a || $2 == n/a ]]; then echo "n/a (no runtime meters on the management port)"; return 0; fi
  awk -v b="$1" -v a="$2" -v r="$3" 'BEGIN { split(b, x, " "); split(a, y, " "); if (r <= 0) r = 1
    printf "%.1f %.1f %.1f; allocated %.0f B/request; GC pauses %.2f µs/request; GC heap committed after %.0f MiB",
      (y[1] - x[1]) * 10000 / r, (y[2] - x[2]) * 10000 / r, (y[3] - x[3]) * 10000 / r, (y[4] - x[4]) / r, (y[5] - x[5]) * 1e6 / r, y[6] / 1048576 }'
}

# Every GitHub request is meant as a new delivery: a firewall row that answered any from the store measured
# duplicates (no trip to the upstream), not deliveries — say so in the results rather than flatter the figures.
warnings=()
check_fresh_deliveries() { # label url
  [[ $2 == "http://127.0.0.1:$firewall_port/"* ]] || return 0
  outcome_counts $management_port >"$work/outcomes"
  local stored=$(( $(count_of duplicate "$work/outcomes") + $(count_of in_progress "$work/outcomes") ))
  if ((stored > 0)); then
    warnings+=("- **Warning:** $1, round $round: $stored requests were answered from the idempotency store (duplicate or in progress), not forwarded.")
    echo "  warning: $stored requests answered from the store" >&2
  fi
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
    cpu_us[$key]=$(sample_field "$list" 7 | median)
    rps_range[$key]=$(sample_range "$list" 1 "%.0f")
    cpu_range[$key]=$(sample_range "$list" 7 "%.1f")
  done
}

load_before= load_after=
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
describe_machine() { # load-line
  echo "- Machine: $(nproc) cores ($(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory, kernel $(uname -r)"
  echo "- .NET SDK $(dotnet --version), $(nginx -v 2>&1 | sed 's/nginx version: //'), $(wrk --version 2>&1 | head -1 | awk '{print "wrk " $2}'), $(redis-server --version | awk '{print $1 " " $3}')"
  echo "- Load average (1, 5, 15 min) before the run: $load_before; after: $load_after"
  echo "- Load: wrk -t$threads -c$connections$1"
  [[ -n ${FIREWALL_ARGS:-} ]] && echo "- Firewall arguments: $FIREWALL_ARGS"
  echo "- The machine is shared and noisy: compare rows within this run only (ratios), never across runs."
  echo "- CPU/request: user + system CPU time of the measured process(es) over the measured wrk run, divided by the requests served in it."
}

write_results() { # name: the markdown on stdin, the rows gathered so far as the CSV beside it
  local file="$results/$stamp-$1.md"
  cat >"$file"
  echo
  cat "$file"
  if [[ -s $work/rows.csv ]]; then # a profile has no rows
    { echo "$csv_columns"; cat "$work/rows.csv"; } >"${file%.md}.csv"
    echo "written to $file and ${file%.md}.csv"
  else
    echo "written to $file"
  fi
}

draw_charts() { # name
  local csv="$results/$stamp-$1.csv"
  echo "charts:"
  if dotnet build "$root/load-tests/ResultCharts" -c Release -o "$work/charts" >"$work/charts.log" 2>&1; then
    dotnet "$work/charts/ResultCharts.dll" "$csv" || echo "the charts could not be drawn (the results stand)" >&2
  else
    echo "the chart tool did not build (the results stand):" >&2
    tail -5 "$work/charts.log" >&2
  fi
}

# One round of every scenario for one body size.
compare_size() { # size
  local size=$1 body="$work/body-$1.json" sig plain_pid
  selected {a,b,c0,c0d,c,cp,d,d0,da,ds,e1,e2,f}-"$size" || return 0
  echo "== $size bodies"
  sig=$(github_signature "$body")
  # (a)-(d) and (f) get the very same requests — GitHub's headers, a new delivery id each — so every row parses and
  # forwards the same bytes and the ratios measure only what the firewall adds.
  measure_github() { # key label url server-pids
    measure "$1" "$2" "$3" "$4" "$root/load-tests/scripts/github.lua" "$body" "$sig" "${1/-/}"
  }
  measure_github "a-$size" "(a) direct to the upstream (nginx 204)" "http://127.0.0.1:$upstream_port/" "$(nginx_pids upstream)"
  measure_github "b-$size" "(b) nginx proxy_pass, keepalive" "http://127.0.0.1:$proxy_port/" "$(nginx_pids proxy)"
  # The plain YARP apps run with the firewall's shipped runtime settings (inline completions and scheduling).
  plain_yarp() { # key label extra-arguments...
    local key=$1 label=$2
    shift 2
    selected "$key" || return 0
    env $shipped_env dotnet "$work/plain-yarp/PlainYarp.dll" --urls "http://127.0.0.1:$plain_yarp_port" --upstream "http://127.0.0.1:$upstream_port/" \
      --inline-scheduling true "$@" >"$work/plain-yarp.log" 2>&1 &
    plain_pid=$!
    pids+=("$plain_pid")
    wait_for "http://127.0.0.1:$plain_yarp_port/"
    measure_github "$key" "$label" "http://127.0.0.1:$plain_yarp_port/" "$plain_pid"
    kill "$plain_pid"; wait "$plain_pid" 2>/dev/null || true
  }
  plain_yarp "c0-$size" "(c0) plain YARP app (no firewall code)"
  # The prototype of webhook routes on YARP's bare IHttpForwarder: no routes, transforms, load balancing or health.
  plain_yarp "c0d-$size" "(c0d) plain YARP app, bare IHttpForwarder (no routing)" --direct true
  start_firewall Memory
  measure_github "c-$size" "(c) firewall, Anonymous route (bare YARP)" "http://127.0.0.1:$firewall_port/anon" "$firewall_pid"
  if selected "cp-$size"; then
    FIREWALL_ENV="${FIREWALL_ENV:-} $previous_env" start_firewall Memory
    measure_github "cp-$size" "(cp) firewall, Anonymous route, the runtime defaults before issue 16" "http://127.0.0.1:$firewall_port/anon" "$firewall_pid"
  fi
  start_firewall Memory
  measure_github "d-$size" "(d) firewall, github, memory store" "http://127.0.0.1:$firewall_port/github" "$firewall_pid"
  # (d) with the delivery ledger off: what recording one entry per request costs is (d) against (d0).
  FIREWALL_ARGS="${FIREWALL_ARGS:-} --WebhookFirewall:Ledger:Store None" start_firewall Memory
  measure_github "d0-$size" "(d0) firewall, github, memory store, ledger off" "http://127.0.0.1:$firewall_port/github" "$firewall_pid"
  # (d) behind the admission checks: a source allowlist (GitHub's named ranges and loopback), a token bucket that never
  # runs dry and a concurrency cap never reached: every request passes them, so (da)/(d) is what checking costs.
  if selected "da-$size"; then
    start_firewall Memory
    measure_github "da-$size" "(da) firewall, github, memory store, allowlist + rate limit + concurrency cap" "http://127.0.0.1:$firewall_port/admitted" "$firewall_pid"
  fi
  # (d) on a policy that spools failed deliveries (SQLite), the backend healthy: nothing is written, so (ds)/(d) is what
  # keeping the request for a possible failure costs.
  if selected "ds-$size"; then
    start_firewall Memory
    measure_github "ds-$size" "(ds) firewall, github, memory store, OnUpstreamFailure Spool, healthy backend" "http://127.0.0.1:$firewall_port/spooling" "$firewall_pid"
  fi
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
  stop_redis
}

ratio() { # numerator-key denominator-key: "<req/s ratio> req/s, <CPU per request ratio> CPU/request"
  awk -v r1="${rps[$1]}" -v r2="${rps[$2]}" -v c1="${cpu_us[$1]}" -v c2="${cpu_us[$2]}" \
    'BEGIN { printf "%.2f req/s, %.2f CPU/request", r1 / r2, (c2 > 0 ? c1 / c2 : 0) }'
}

compare_table() {
  echo "| scenario | body | req/s | req/s range | CPU µs/req | CPU µs/req range | p50 ms | p99 ms | server CPU (cores) | peak RSS MiB | non-2xx | req/s vs (c) | CPU/req vs (c) | p99 vs (c), ms |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  local entry key label base
  for entry in "${scenario_names[@]}"; do
    key=${entry%%|*} label=${entry#*|} base="c-${key##*-}"
    [[ -n ${rps[$base]:-} ]] || base=$key
    awk -v l="$label" -v s="$(body_name "${key##*-}")" -v r="${rps[$key]}" -v g="${rps_range[$key]}" -v u="${cpu_us[$key]}" -v ug="${cpu_range[$key]}" \
        -v a="${p50[$key]}" -v b="${p99[$key]}" -v c="${cpu[$key]}" -v m="${rss[$key]}" -v e="${errors[$key]}" \
        -v br="${rps[$base]}" -v bu="${cpu_us[$base]}" -v bp="${p99[$base]}" \
        'BEGIN { printf "| %s | %s | %.0f | %s | %.1f | %s | %.2f | %.2f | %.2f | %s | %s | %.2f | %.2f | %+.2f |\n", l, s, r, g, u, ug, a, b, c, m, e, r / br, (bu > 0 ? u / bu : 0), b - bp }'
  done
}

compare_ratios() {
  echo "Ratios of this run's medians, on req/s (higher is faster) and on CPU per request (lower is cheaper); (c)/(c0) is"
  echo "the firewall around YARP with nothing verified (header hygiene included), (c0)/(b) YARP itself against nginx."
  echo "Targets (issue 16): (d)/(c) >= 0.95 req/s and <= 1.1 CPU/request, p99 at most 0.5 ms above (c); (d)/(b) >= 0.6 req/s;"
  echo "(c)/(cp) <= 0.65 CPU/request (35 % less than the runtime defaults before); (d)/(d0) (the ledger) at most 3 % below;"
  echo "(ds)/(d) (spool, healthy backend) and (da)/(d) (admission) within noise. (c0d)/(c0): the bare forwarder against routing."
  local size pair
  for size in 1k 64k; do
    for pair in d/c c/cp d/b c/c0 c0/b c0d/c0 d/d0 da/d ds/d f/c; do
      if [[ -n ${rps[${pair%/*}-$size]:-} && -n ${rps[${pair#*/}-$size]:-} ]]; then
        echo "- $(body_name $size), (${pair%/*})/(${pair#*/}) = $(ratio "${pair%/*}-$size" "${pair#*/}-$size"), p99 $(awk -v a="${p99[${pair%/*}-$size]}" -v b="${p99[${pair#*/}-$size]}" 'BEGIN { printf "%+.2f ms", a - b }')"
      fi
    done
  done
}

run_compare() {
  local size
  load_before=$(loadavg)
  for round in $(seq 1 "$rounds"); do
    ((rounds == 1)) || echo "== round $round of $rounds"
    for size in 1k 64k; do
      compare_size "$size"
    done
  done
  load_after=$(loadavg)
  summarise
  {
    echo "# Load comparison, $stamp UTC"
    echo
    describe_machine ", ${duration} per scenario after a ${warmup} warm-up"
    echo
    ((rounds == 1)) || echo "Each scenario ran $rounds times, the rounds interleaved; figures are medians (ranges: lowest-highest run)."
    ((rounds == 1)) || echo
    compare_table
    echo
    if ((${#warnings[@]})); then printf '%s\n' "${warnings[@]}" ""; fi
    compare_ratios
    echo
    echo "Charts: $stamp-compare-throughput.svg (req/s and CPU per request), $stamp-compare-latency.svg (p50, p99)."
  } | write_results compare
  draw_charts compare
}

run_soak() {
  local seconds=${SOAK_SECONDS:-300} body="$work/body-1k.json" sig spent per_request
  sig=$(github_signature "$body")
  start_firewall Memory
  echo "soak: ${seconds}s at -c$connections, a new GitHub delivery per request, memory store (MaxEntries 250000)"
  load_before=$(loadavg)
  cpu_mark server "$firewall_pid"
  ( while kill -0 "$firewall_pid" 2>/dev/null; do rss_kib "$firewall_pid"; sleep 10; done ) >"$work/soak-rss" &
  local sampler=$!
  pids+=("$sampler")
  run_wrk soak -d"${seconds}s" -s "$root/load-tests/scripts/github.lua" "http://127.0.0.1:$firewall_port/github" -- "$body" "$sig" soak
  spent=$(cpu_spent server "$firewall_pid")
  kill $sampler 2>/dev/null || true
  load_after=$(loadavg)
  per_request=$(us_per_request "$spent" "$run_requests")
  csv_row soak "soak: github, memory store, a new delivery per request" "1 KiB" 1 "$run_requests" "$run_seconds" "$run_rps" \
    "$run_p50" "$run_p99" "$per_request" "$(cores_used "$spent" "$run_seconds")" "$(peak_rss_mib "$firewall_pid")" "$run_non2xx"
  {
    echo "# Soak, $stamp UTC"
    echo
    describe_machine ", ${seconds}s"
    echo
    echo "$run_requests distinct deliveries in ${seconds}s ($run_rps req/s; p50 $run_p50 ms, p99 $run_p99 ms; $per_request µs CPU/request);"
    echo "non-2xx: $run_non2xx. RSS of the firewall every 10 s (MiB):"
    echo
    awk '{printf "%s%d", (NR > 1 ? ", " : ""), $1 / 1024} END {print ""}' "$work/soak-rss"
    echo
    echo "Store entries at the end: $(curl -fsS "http://127.0.0.1:$management_port/metrics" | awk '/^webhook_requests_total.*route="github".*outcome="forwarded"/ {print "forwarded " $2}')"
  } | write_results soak
}

run_hostile() {
  local seconds=${HOSTILE_SECONDS:-180} body="$work/body-1k.json" sig
  sig=$(github_signature "$body")
  make_body 65536 "$work/oversized.json"
  local valid_connections=$((connections / 4)) github_url="http://127.0.0.1:$firewall_port/github"
  # Both runs measure a warm process (JIT tiers, pools): a cold start's first seconds otherwise dominate the p99.
  warm_up_valid() {
    WRK_PHASE=warm-up wrk -t1 -c"$valid_connections" -d"$warmup" -s "$root/load-tests/scripts/github.lua" "$github_url" -- "$body" "$sig" warm >/dev/null
  }
  valid_wrk() { # prefix seconds
    wrk -t1 -c"$valid_connections" -d"$2s" --latency -s "$root/load-tests/scripts/github.lua" "$github_url" -- "$body" "$sig" "$1"
  }
  load_before=$(loadavg)

  echo "clean run: valid deliveries only, ${seconds}s / 3"
  start_firewall Memory 16384
  warm_up_valid
  cpu_mark clean "$firewall_pid"
  valid_wrk clean $((seconds / 3)) >"$work/clean.txt"
  local clean_ticks clean_mib
  clean_ticks=$(cpu_spent clean "$firewall_pid")
  clean_mib=$(peak_rss_mib "$firewall_pid")

  echo "hostile run: the same valid traffic, plus invalid signatures, oversized bodies and slow clients, ${seconds}s"
  restart_upstream_recording_ids
  start_firewall Memory 16384
  warm_up_valid
  cpu_mark hostile "$firewall_pid"
  for i in $(seq 1 20); do
    ( end=$((SECONDS + seconds)); while ((SECONDS < end)); do
        exec 3<>"/dev/tcp/127.0.0.1/$firewall_port" || break
        printf 'POST /github HTTP/1.1\r\nHost: slow\r\nContent-Length: 100000\r\n\r\n' >&3
        while ((SECONDS < end)) && printf 'a' >&3 2>/dev/null; do sleep 1; done
        exec 3>&-
      done ) &
    pids+=($!)
  done
  wrk -t1 -c"$((connections - valid_connections))" -d"${seconds}s" --latency -s "$root/load-tests/scripts/hostile.lua" "$github_url" -- "$body" "$sig" junk 1000000000 "$work/oversized.json" >"$work/junk.txt" &
  local junk_pid=$!
  valid_wrk valid "$seconds" >"$work/valid.txt" &
  local valid_pid=$! samples=()
  while kill -0 $valid_pid 2>/dev/null; do samples+=("$(rss_kib "$firewall_pid")"); sleep 10; done
  wait $valid_pid $junk_pid || true
  local hostile_ticks
  hostile_ticks=$(cpu_spent hostile "$firewall_pid")
  load_after=$(loadavg)
  sleep 2

  local clean valid junk ok logged duplicates all_requests
  read -r -a clean <<<"$(wrk_figures "$(cat "$work/clean.txt")")"
  read -r -a valid <<<"$(wrk_figures "$(cat "$work/valid.txt")")"
  read -r -a junk <<<"$(wrk_figures "$(cat "$work/junk.txt")")"
  all_requests=$((valid[0] + junk[0]))
  ok=$((valid[0] - valid[4]))
  logged=$(grep -c '^valid-' "$work/upstream/ids.log" || true)
  duplicates=$(grep '^valid-' "$work/upstream/ids.log" | sort | uniq -d | wc -l)
  hostile_row() { # scenario label figures-array-name seconds ticks requests-for-cpu peak-rss
    local -n f=$3
    csv_row "$1" "$2" "1 KiB" 1 "${f[0]}" "$4" "${f[1]}" "${f[2]}" "${f[3]}" "$(us_per_request "$5" "$6")" "$(cores_used "$5" "$4")" "$7" "${f[4]}"
  }
  local hostile_mib
  hostile_mib=$(peak_rss_mib "$firewall_pid")
  hostile_row hostile-clean "clean run (valid only)" clean $((seconds / 3)) "$clean_ticks" "${clean[0]}" "$clean_mib"
  hostile_row hostile-valid "hostile run, valid share (CPU over every request)" valid "$seconds" "$hostile_ticks" "$all_requests" "$hostile_mib"
  hostile_row hostile-junk "hostile run, invalid and oversized share (CPU over every request)" junk "$seconds" "$hostile_ticks" "$all_requests" "$hostile_mib"
  {
    echo "# Hostile soak, $stamp UTC"
    echo
    describe_machine ", each run after a ${warmup} warm-up with valid deliveries"
    echo
    echo "- Valid traffic: wrk -c$valid_connections, unique GitHub deliveries. Hostile traffic at the same time: wrk -c$((connections - valid_connections))"
    echo "  alternating invalid signatures and 64 KiB bodies over the route's 16 KiB MaxBodyBytes (${junk[0]} requests,"
    echo "  ${junk[1]} req/s), and 20 slow clients trickling a body at 1 byte/s, reconnecting when cut off."
    echo
    echo "| run | valid req/s | p50 ms | p99 ms | firewall CPU µs/request |"
    echo "|---|---:|---:|---:|---:|"
    echo "| clean (valid only) | ${clean[1]} | ${clean[2]} | ${clean[3]} | $(us_per_request "$clean_ticks" "${clean[0]}") |"
    echo "| hostile (valid share; CPU over all $all_requests requests) | ${valid[1]} | ${valid[2]} | ${valid[3]} | $(us_per_request "$hostile_ticks" "$all_requests") |"
    echo
    echo "- p99 hostile / clean: $(awk -v h="${valid[3]}" -v c="${clean[3]}" 'BEGIN { printf "%.2f", h / c }') (target: at most 2)"
    echo "- Valid deliveries answered 2xx: $ok of ${valid[0]}; received by the upstream: $logged; received twice: $duplicates"
    echo "  (a difference of at most $valid_connections is requests still in flight when wrk stopped: forwarded, answer not counted)"
    echo "- Firewall RSS every 10 s (MiB): $(printf '%s\n' "${samples[@]}" | awk '{printf "%s%d", (NR > 1 ? ", " : ""), $1 / 1024}')"
  } | write_results hostile
}

source "$root/load-tests/scripts/scaleout.sh"
source "$root/load-tests/scripts/settings.sh"
source "$root/load-tests/scripts/profile.sh"

mkdir -p "$results"
: >"$work/rows.csv"
case $mode in
  compare) run_compare ;;
  soak) run_soak ;;
  hostile) run_hostile ;;
  scaleout) run_scaleout ;;
  settings) run_settings ;;
  profile) run_profile ;;
  *) echo "usage: $0 [compare|soak|hostile|scaleout|settings|profile]" >&2; exit 2 ;;
esac
