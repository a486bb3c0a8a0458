# Sourced by load-tests/run.sh (`run.sh profile`), which defines the functions used here.
#
# Where the CPU of a row goes: the firewall under wrk load on one route, sampled by `perf record` (all threads,
# DOTNET_PerfMapEnabled=1 so JIT-compiled frames have names), then the samples per request by module and the top
# symbols. Two routes of one body size side by side give a differential profile: what one route costs more than the
# other, and in what. Needs `perf` (Debian: linux-perf).
#
# Environment: PROFILE_ROUTES (default "anon github"), PROFILE_SIZES (default "1k 64k"), and run.sh's DURATION (the
# sampled seconds, default 15s), WARMUP, CONNECTIONS.

profile_route() { # route size: one sampled run, its report under $work/profile-<route>-<size>.*
  local route=$1 size=$2 body="$work/body-$2.json" sig url data
  sig=$(github_signature "$body")
  url="http://127.0.0.1:$firewall_port/$route"
  FIREWALL_ENV="${FIREWALL_ENV:-} DOTNET_PerfMapEnabled=1" start_firewall Memory
  warm_up -s "$root/load-tests/scripts/github.lua" "$url" -- "$body" "$sig" "profile-$route-$size"
  data="$work/profile-$route-$size.data"
  cpu_mark profile "$firewall_pid"
  perf record -q -F 1999 -g -p "$firewall_pid" -o "$data" -- sleep "${duration%s}" >/dev/null 2>&1 &
  local perf_pid=$!
  run_wrk "profile-$route-$size" -d"$duration" -s "$root/load-tests/scripts/github.lua" "$url" -- "$body" "$sig" "profile-$route-$size"
  wait "$perf_pid" || true
  local spent samples
  spent=$(cpu_spent profile "$firewall_pid")
  stop_firewall
  samples=$(perf report -i "$data" --stdio --sort dso 2>/dev/null | awk '/^# Samples:/ && !n++ { print $3 }')
  profile_requests[$route-$size]=$run_requests
  profile_cpu[$route-$size]=$(us_per_request "$spent" "$run_requests")
  echo "  $route, $size: $run_requests requests, ${profile_cpu[$route-$size]} µs CPU/request, $samples samples"
  # Self time by module and by symbol (no children), in µs per request: samples / rate / requests.
  perf report -i "$data" --stdio --no-children --sort dso 2>/dev/null | awk -v n="$run_requests" -v hz=1999 \
    '/^ +[0-9.]+%/ { sub(/%/, "", $1); share[$2] = $1 } END { for (d in share) print d, share[d] }' >"$work/profile-$route-$size.dso"
  perf report -i "$data" --stdio --no-children --sort dso,symbol 2>/dev/null | awk \
    '/^ +[0-9.]+%/ { p = $1; sub(/%/, "", p); $1 = ""; sub(/^ +/, ""); if (++n <= 60) print p "\t" $0 }' >"$work/profile-$route-$size.symbols"
}

declare -A profile_requests profile_cpu
run_profile() {
  command -v perf >/dev/null || need perf linux-perf
  local size route
  load_before=$(loadavg)
  for size in ${PROFILE_SIZES:-1k 64k}; do
    for route in ${PROFILE_ROUTES:-anon github}; do
      profile_route "$route" "$size"
    done
  done
  load_after=$(loadavg)
  {
    echo "# Profiles, $stamp UTC"
    echo
    describe_machine ", perf record -F 1999 -g of the firewall for ${duration} after a ${warmup} warm-up"
    echo
    for size in ${PROFILE_SIZES:-1k 64k}; do
      echo "## $(body_name "$size") bodies: CPU µs per request by module (self time)"
      echo
      local header="| module |" rule="|---|" modules
      for route in ${PROFILE_ROUTES:-anon github}; do header+=" /$route |"; rule+="---:|"; done
      echo "$header"; echo "$rule"
      modules=$(cat "$work"/profile-*-"$size".dso | awk '{ t[$1] += $2 } END { for (m in t) print t[m], m }' | sort -rn | awk 'NR <= 12 { print $2 }')
      for module in $modules; do
        local line="| $module |"
        for route in ${PROFILE_ROUTES:-anon github}; do
          line+=" $(awk -v m="$module" -v c="${profile_cpu[$route-$size]}" '$1 == m { printf "%.1f", $2 / 100 * c; f = 1 } END { if (!f) printf "0" }' "$work/profile-$route-$size.dso") |"
        done
        echo "$line"
      done
      local line="| **all (CPU µs/request)** |"
      for route in ${PROFILE_ROUTES:-anon github}; do line+=" **${profile_cpu[$route-$size]}** |"; done
      echo "$line"
      echo
      for route in ${PROFILE_ROUTES:-anon github}; do
        echo "Top symbols, /$route, $(body_name "$size") (self, % of the process's samples; ${profile_cpu[$route-$size]} µs CPU/request):"
        echo
        echo '```'
        head -25 "$work/profile-$route-$size.symbols" | cut -c1-160
        echo '```'
        echo
      done
    done
  } | write_results profile
}
