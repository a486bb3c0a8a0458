# Sourced by load-tests/run.sh (`run.sh settings`), which defines the functions used here.
#
# Runtime and server settings, measured in the firewall itself: every variant is a fresh firewall process (the same
# published build, or a copy of it whose runtimeconfig.json differs, or the ReadyToRun build) with its own environment
# and arguments, and every round runs every variant once, so all of them share the machine's mood and are compared
# with the `default` variant of the same run. Per variant, routes of the load config, each warmed up then measured:
#   github  the github route, memory store, a new delivery per request: row (d) of `compare`
#   anon    the Anonymous route: row (c)
#   slow    the github route to an upstream that answers after 50 ms (load-tests/PlainYarp --respond-after-ms):
#           inline scheduling or fewer event-loop threads must not wreck the tail when the upstream is slow
# Then the start-up rows: per build, the time from launching the process to its listener answering, the time its
# first 1000 requests take (wrk -c8, a new delivery each), and the steady state after the usual warm-up.
#
# Environment: SETTINGS (a regex of variant keys to run, default all), SLOW_MS (default 50), SETTINGS_BODY (1k or
# 64k, default 1k), and run.sh's DURATION,
# WARMUP, CONNECTIONS, REPEAT.

# key|label|environment|firewall arguments|runtimeconfig.json properties (name=value,...)|build|routes
settings_variants=(
  "default|the runtime's defaults (server GC, non-concurrent, 1 socket engine thread on 2 cores, thread-pool dispatch)||||default|github anon slow"
  "shipped|as the image ships: inline socket completions (engine threads = cores), Kestrel inline following them|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1||||github anon slow"
  "parts-all|the verified route's parts, as shipped: everything (claim and settle, ledger)|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1||||github anon"
  "parts-noclaim|as shipped, the github policy without idempotency (no claim, no settle)|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1|--WebhookFirewall:Policies:github:Idempotency:Enabled false|||github"
  "parts-noledger|as shipped, the ledger off|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1|--WebhookFirewall:Ledger:Store None|||github"
  "parts-verifyonly|as shipped, neither: verification and forwarding only|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1|--WebhookFirewall:Policies:github:Idempotency:Enabled false --WebhookFirewall:Ledger:Store None|||github anon"
  "engines2|DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=2 (= cores)|DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=2||||github slow"
  "inline|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 (engine threads default to the cores: 2)|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1|--WebhookFirewall:InlineScheduling false|||github anon slow"
  "inline1|inline completions, 1 engine thread|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=1||||github slow"
  "kinline|Kestrel UnsafePreferInlineScheduling alone||--WebhookFirewall:InlineScheduling true|||github slow"
  "allinline2|inline completions + Kestrel inline, 2 engine threads|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=2|--WebhookFirewall:InlineScheduling true|||github slow"
  "allinline1|inline completions + Kestrel inline, 1 engine thread|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=1|--WebhookFirewall:InlineScheduling true|||github anon slow"
  "minthreads|thread pool MinThreads 16 (runtimeconfig)|||System.Threading.ThreadPool.MinThreads=16||github"
  "wks|workstation GC, non-concurrent (runtimeconfig)|||System.GC.Server=false||github"
  "concurrent|server GC, concurrent (runtimeconfig)|||System.GC.Concurrent=true||github"
  "gen0|DOTNET_GCgen0size=0x4000000 (64 MiB gen0 budget)|DOTNET_GCgen0size=0x4000000||||github"
  "maxconn16|forwarder MaxConnectionsPerServer 16 (cluster HttpClient)||--ReverseProxy:Clusters:upstream:HttpClient:MaxConnectionsPerServer 16 --ReverseProxy:Clusters:slow:HttpClient:MaxConnectionsPerServer 16|||github slow"
  "nopropagation|no Activity propagation in the forwarder's client (DiagnosticsHandler left out)|DOTNET_SYSTEM_NET_HTTP_ENABLEACTIVITYPROPAGATION=false||||github"
  "combined1|inline completions + Kestrel inline, 1 engine thread, 64 MiB gen0|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=1 DOTNET_GCgen0size=0x4000000|--WebhookFirewall:InlineScheduling true|||github anon slow"
  "combined2|inline completions + Kestrel inline, 2 engine threads, 64 MiB gen0|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=2 DOTNET_GCgen0size=0x4000000|--WebhookFirewall:InlineScheduling true|||github anon slow"
)
# key|label|runtimeconfig.json properties|build
startup_variants=(
  "jit|default build (JIT, tiered compilation with PGO)||default"
  "r2r|ReadyToRun build (PublishReadyToRun, linux-x64)||r2r"
  "nopgo|tiered PGO off (System.Runtime.TieredPGO=false)|System.Runtime.TieredPGO=false|default"
  "notiered|tiered compilation off (System.Runtime.TieredCompilation=false)|System.Runtime.TieredCompilation=false|default"
)

variant_build() { # name properties build: a published build whose runtimeconfig.json carries the properties
  local base="$work/firewall" dir
  [[ $3 == r2r ]] && base="$work/firewall-r2r"
  if [[ -z $2 ]]; then echo "$base"; return; fi
  dir="$work/build-$1"
  if [[ ! -d $dir ]]; then
    cp -al "$base" "$dir" # hard links: only the runtimeconfig is replaced, by a new file
    python3 - "$dir/WebhookFirewall.runtimeconfig.json" "$2" <<'EOF'
import json, os, sys
path, pairs = sys.argv[1], sys.argv[2]
config = json.load(open(path))
props = config["runtimeOptions"].setdefault("configProperties", {})
for pair in pairs.split(","):
    name, value = pair.split("=", 1)
    props[name] = {"true": True, "false": False}.get(value, int(value) if value.isdigit() else value)
os.remove(path)
json.dump(config, open(path, "w"), indent=2)
EOF
  fi
  echo "$dir"
}

publish_r2r() {
  [[ -d $work/firewall-r2r ]] && return
  echo "publishing the ReadyToRun build..."
  dotnet publish "$root/src/WebhookFirewall" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/firewall-r2r" >/dev/null
}

route_url() { # route
  case $1 in
    github) echo "http://127.0.0.1:$firewall_port/github" ;;
    anon) echo "http://127.0.0.1:$firewall_port/anon" ;;
    slow) echo "http://127.0.0.1:$firewall_port/slow" ;;
  esac
}

settings_round() {
  local entry key label env args props build routes route dir
  for entry in "${settings_variants[@]}"; do
    IFS='|' read -r key label env args props build routes <<<"$entry"
    [[ $key =~ ${SETTINGS:-.} ]] || continue
    dir=$(variant_build "$key" "$props" "${build:-default}")
    FIREWALL_ENV="$env" FIREWALL_ARGS="${FIREWALL_ARGS:-} $args" FIREWALL_BUILD="$dir" start_firewall Memory
    for route in $routes; do
      measure "${key}_${route}-${SETTINGS_BODY:-1k}" "$key|$route|$label" "$(route_url "$route")" "$firewall_pid" \
        "$root/load-tests/scripts/github.lua" "$body" "$sig" "settings-$key-$route"
    done
    stop_firewall
  done
}

declare -A startup_ready startup_first
startup_round() {
  local entry key label props build dir started ready first
  for entry in "${startup_variants[@]}"; do
    IFS='|' read -r key label props build <<<"$entry"
    [[ $key =~ ${SETTINGS:-.} ]] || continue
    dir=$(variant_build "startup-$key" "$props" "$build")
    stop_firewall
    write_config Memory 1048576
    started=$(date +%s%N)
    FIREWALL_BUILD="$dir" launch_firewall $firewall_port $management_port "$work/firewall.log"
    firewall_pid=$launched_pid
    ready=$(( ($(date +%s%N) - started) / 1000000 ))
    # The first 1000 deliveries, on 8 connections, straight after the listener answered.
    first=$(python3 "$root/load-tests/scripts/first-requests.py" "$(route_url github)" "$body" "$sig" "startup-$key-r$round" 1000 8)
    startup_ready[$key]+="$ready "
    startup_first[$key]+="$first "
    echo "  startup $key: listener after $ready ms; the first 1000 deliveries took $first ms"
    measure "startup-${key}_github-${SETTINGS_BODY:-1k}" "$key|github|$label (steady state)" "$(route_url github)" "$firewall_pid" \
      "$root/load-tests/scripts/github.lua" "$body" "$sig" "startup-$key-steady"
    stop_firewall
  done
}

settings_table() {
  echo "| variant | route | what | req/s | req/s range | CPU µs/req | CPU µs/req range | p50 ms | p99 ms | peak RSS MiB | non-2xx | req/s vs default | CPU/req vs default | p99 vs default, ms |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  local entry key label variant route what base
  for entry in "${scenario_names[@]}"; do
    key=${entry%%|*} label=${entry#*|}
    IFS='|' read -r variant route what <<<"$label"
    base="default_${route}-${key##*-}"
    [[ $key == startup-* ]] && base="startup-jit_${route}-${key##*-}"
    [[ -n ${rps[$base]:-} ]] || base=$key
    awk -v v="$variant" -v o="$route" -v w="$what" -v r="${rps[$key]}" -v g="${rps_range[$key]}" -v u="${cpu_us[$key]}" -v ug="${cpu_range[$key]}" \
        -v a="${p50[$key]}" -v b="${p99[$key]}" -v m="${rss[$key]}" -v e="${errors[$key]}" \
        -v br="${rps[$base]}" -v bu="${cpu_us[$base]}" -v bp="${p99[$base]}" \
        'BEGIN { printf "| %s | %s | %s | %.0f | %s | %.1f | %s | %.2f | %.2f | %s | %s | %.2f | %.2f | %+.2f |\n", v, o, w, r, g, u, ug, a, b, m, e, r / br, (bu > 0 ? u / bu : 0), b - bp }'
  done
}

run_settings() {
  local body="$work/body-${SETTINGS_BODY:-1k}.json" sig slow_pid
  sig=$(github_signature "$body")
  # Each variant says all it changes: none starts from the image's shipped settings.
  shipped_env=
  local entry
  for entry in "${startup_variants[@]}" "${settings_variants[@]}"; do
    IFS='|' read -r key _ _ build _ <<<"$entry"
    if [[ $key =~ ${SETTINGS:-.} && $entry == *'|r2r'* ]]; then publish_r2r; break; fi
  done
  dotnet "$work/plain-yarp/PlainYarp.dll" --urls "http://127.0.0.1:$slow_port" --respond-after-ms "${SLOW_MS:-50}" >"$work/slow.log" 2>&1 &
  slow_pid=$!
  pids+=("$slow_pid")
  wait_for "http://127.0.0.1:$slow_port/"
  load_before=$(loadavg)
  for round in $(seq 1 "$rounds"); do
    ((rounds == 1)) || echo "== round $round of $rounds"
    settings_round
    startup_round
  done
  load_after=$(loadavg)
  summarise
  {
    echo "# Runtime and server settings, $stamp UTC"
    echo
    describe_machine ", ${duration} per route after a ${warmup} warm-up, $(body_name "${SETTINGS_BODY:-1k}") GitHub deliveries (a new id each)"
    echo
    ((rounds == 1)) || echo "Each variant ran $rounds times, the rounds interleaved (every variant once per round); figures are medians (ranges: lowest-highest run)."
    echo "Every variant is a fresh firewall process; routes: github = row (d) of compare (memory store), anon = row (c), slow = the"
    echo "github route to an upstream answering after ${SLOW_MS:-50} ms. Ratios against the default variant's same route, same run."
    echo
    settings_table
    echo
    if ((${#warnings[@]})); then printf '%s\n' "${warnings[@]}" ""; fi
    echo "Start-up (per round: launch to the listener answering, then the first 1000 deliveries on 8 connections), ms:"
    echo
    echo "| build | listener ready, ms (each round) | first 1000 requests, ms (each round) |"
    echo "|---|---|---|"
    local entry key label
    for entry in "${startup_variants[@]}"; do
      IFS='|' read -r key label _ <<<"$entry"
      [[ -n ${startup_ready[$key]:-} ]] || continue
      echo "| $key: $label | ${startup_ready[$key]% } | ${startup_first[$key]% } |"
    done
  } | write_results settings
  draw_charts settings
}
