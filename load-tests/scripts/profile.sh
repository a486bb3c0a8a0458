# Sourced by load-tests/run.sh (`run.sh profile`), which defines the functions used here.
#
# Where the CPU of a row goes: the firewall under wrk load on one route, sampled by `perf record` (all threads,
# DOTNET_PerfMapEnabled=1 so JIT-compiled frames have names), then the samples per request by module and the top
# symbols. Two routes of one body size side by side give a differential profile: what one route costs more than the
# other, and in what. Needs `perf` (Debian: linux-perf).
#
# Environment: PROFILE_ROUTES (default "anon github"), PROFILE_SIZES (default "1k 64k"), PROFILE_KEEP (a directory
# to keep each run's perf.data in, for `perf report -i` afterwards), PROFILE_EVENT (record every such event instead of
# sampling the CPU, e.g. context-switches: where threads block; the CPU figures below are then not time), and run.sh's DURATION (the
# sampled seconds, default 15s), WARMUP, CONNECTIONS.

profile_route() { # route size: one sampled run, its report under $work/profile-<route>-<size>.*
  local route=$1 size=$2 body="$work/body-$2.json" sig url data
  sig=$(github_signature "$body")
  url="http://127.0.0.1:$firewall_port/$route"
  # W^X off: JIT-compiled code then lives in anonymous memory, where perf finds the names the perf map gives it
  # (with it on, the code is in a double-mapped memfd and shows as bare addresses).
  FIREWALL_ENV="${FIREWALL_ENV:-} DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0" start_firewall Memory
  warm_up -s "$root/load-tests/scripts/github.lua" "$url" -- "$body" "$sig" "profile-$route-$size"
  data="$work/profile-$route-$size.data"
  cpu_mark profile "$firewall_pid"
  local sampling=(-F 1999)
  [[ -z ${PROFILE_EVENT:-} ]] || sampling=(-e "$PROFILE_EVENT" -c 1)
  perf record -q "${sampling[@]}" -g -p "$firewall_pid" -o "$data" -- sleep "${duration%s}" >/dev/null 2>&1 &
  local perf_pid=$!
  # Syscalls and context switches of the process over the same seconds: what its kernel time is made of.
  perf stat -x, -e raw_syscalls:sys_enter,context-switches,page-faults -p "$firewall_pid" -o "$work/profile-$route-$size.stat" -- sleep "${duration%s}" >/dev/null 2>&1 &
  local stat_pid=$!
  run_wrk "profile-$route-$size" -d"$duration" -s "$root/load-tests/scripts/github.lua" "$url" -- "$body" "$sig" "profile-$route-$size"
  wait "$perf_pid" || true
  wait "$stat_pid" || true
  local spent samples
  [[ -z ${PROFILE_KEEP:-} ]] || { mkdir -p "$PROFILE_KEEP"; }
  spent=$(cpu_spent profile "$firewall_pid")
  stop_firewall
  [[ -z ${PROFILE_KEEP:-} ]] || cp "$data" "$PROFILE_KEEP/"
  samples=$(perf report -i "$data" --stdio --sort dso 2>/dev/null | awk '/^# Samples:/ && !n++ { print $3 }')
  profile_requests[$route-$size]=$run_requests
  profile_cpu[$route-$size]=$(us_per_request "$spent" "$run_requests")
  profile_syscalls[$route-$size]=$(per_request_count raw_syscalls:sys_enter %.1f)
  profile_switches[$route-$size]=$(per_request_count context-switches %.2f)
  profile_faults[$route-$size]=$(per_request_count page-faults %.2f)
  echo "  $route, $size: $run_requests requests, ${profile_cpu[$route-$size]} µs CPU/request, $samples samples, ${profile_syscalls[$route-$size]} syscalls and ${profile_switches[$route-$size]} context switches and ${profile_faults[$route-$size]} page faults per request"
  # Self time by module and by symbol (no children), in µs per request: samples / rate / requests.
  perf report -i "$data" --stdio --no-children --sort dso 2>/dev/null | awk -v n="$run_requests" -v hz=1999 \
    '/^ +[0-9.]+%/ { sub(/%/, "", $1); share[$2] = $1 } END { for (d in share) print d, share[d] }' >"$work/profile-$route-$size.dso"
  perf report -i "$data" --stdio --no-children --sort dso,symbol 2>/dev/null | awk \
    '/^ +[0-9.]+%/ { p = $1; sub(/%/, "", p); $1 = ""; sub(/^ +/, ""); if (++n <= 3000) print p "\t" $0 }' >"$work/profile-$route-$size.symbols"
}

per_request_count() { # event format: perf stat's count of the event over the requests of the run, or n/a
  local stat="$work/profile-$route-$size.stat"
  [[ -s $stat ]] || { echo n/a; return 0; }
  awk -F, -v e="$1" -v f="$2" -v n="$run_requests" '$3 == e && n > 0 && $1 ~ /^[0-9]+$/ { printf f, $1 / n; found = 1 }
    END { if (!found) printf "n/a" }' "$stat"
}

declare -A profile_requests profile_cpu profile_syscalls profile_switches profile_faults
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
      line="| syscalls per request |"
      for route in ${PROFILE_ROUTES:-anon github}; do line+=" ${profile_syscalls[$route-$size]} |"; done
      echo "$line"
      line="| context switches per request |"
      for route in ${PROFILE_ROUTES:-anon github}; do line+=" ${profile_switches[$route-$size]} |"; done
      echo "$line"
      line="| page faults per request |"
      for route in ${PROFILE_ROUTES:-anon github}; do line+=" ${profile_faults[$route-$size]} |"; done
      echo "$line"
      echo
      local routes=(${PROFILE_ROUTES:-anon github})
      if ((${#routes[@]} > 1)); then
        local first=${routes[0]} last=${routes[-1]}
        echo "What /$last costs more than /$first, by symbol (self time, CPU µs per request; the 30 largest differences):"
        echo
        echo "| symbol | /$first | /$last | difference |"
        echo "|---|---:|---:|---:|"
        awk -F'\t' -v a="${profile_cpu[$first-$size]}" -v b="${profile_cpu[$last-$size]}" '
          FILENAME != current { current = FILENAME; file = (FILENAME == ARGV[1] ? 1 : 2) }
          { name = $2; sub(/tid [0-9]+ /, "", name); name = substr(name, 1, 140); gsub(/\|/, "/", name); v[name, file] += $1 / 100 * (file == 1 ? a : b); seen[name] = 1 }
          END { for (n in seen) printf "%.2f\t%.2f\t%.2f\t%s\n", v[n, 2] - v[n, 1], v[n, 1], v[n, 2], n }' \
          "$work/profile-$first-$size.symbols" "$work/profile-$last-$size.symbols" |
          sort -t$'\t' -k1,1 -rn | awk -F'\t' 'NR <= 30 { printf "| `%s` | %.2f | %.2f | %+.2f |\n", $4, $2, $3, $1 }'
        echo
      fi
      for route in ${PROFILE_ROUTES:-anon github}; do
        echo "Top symbols, /$route, $(body_name "$size") (self, % of the process's samples; ${profile_cpu[$route-$size]} µs CPU/request):"
        echo
        echo '```'
        head -25 "$work/profile-$route-$size.symbols" | sed "s/tid [0-9]* //" | cut -c1-160
        echo '```'
        echo
      done
    done
  } | write_results profile
}
