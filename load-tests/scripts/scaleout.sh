# Sourced by load-tests/run.sh (`run.sh scaleout`), which defines the functions used here.
#
# Two firewall replicas (the published binary; idempotency store, delivery ledger and spool all on Redis; a github
# route whose policy spools failed deliveries, `/spooling` of the load config) behind nginx round-robin
# with upstream keepalive, sharing one redis-server; the upstream nginx logs the X-GitHub-Delivery of every request it
# answers. Each round has two phases through the balancer:
#   unique  every request a new delivery id, round-robin over the replicas;
#   twice   every delivery sent twice, once to each replica (github.lua with copies = 2), concurrently or back to
#           back: one copy must be forwarded, the other answered as a duplicate or 409 delivery_in_progress.
# Reported per phase: req/s, p50/p99, CPU per request of each replica (its own requests, from its metrics), of the
# balancer and of Redis, Redis commands per delivery (INFO commandstats deltas), and the exactly-once check at the
# upstream (distinct ids, ids received twice: must be 0).

scaleout_columns="$csv_columns,replica_1_requests,replica_1_cpu_us_per_request,replica_2_requests,replica_2_cpu_us_per_request,balancer_cpu_us_per_request,redis_cpu_us_per_request,deliveries,redis_commands_per_delivery,forwarded,duplicate,in_progress,other_outcomes,upstream_ids,upstream_distinct,upstream_received_twice"

replica_pids=()
start_replicas() {
  local i
  # Everything a replica shares on Redis: the claims, one ledger stream, the spool (written to only when a delivery
  # fails: the backend stays healthy here, so it costs the redelivery workers' polling and nothing per delivery).
  LEDGER_STORE=Redis SPOOL_STORE=Redis write_config Redis 1048576
  for i in 0 1; do
    launch_firewall "${replica_ports[i]}" "${replica_management_ports[i]}" "$work/replica-$((i + 1)).log"
    replica_pids+=("$launched_pid")
  done
}

# Round-robin over both replicas; a request carrying X-Load-Replica (the twice phase) goes to the replica it names.
# `location = /` answers the readiness probe of start_nginx itself.
start_balancer() {
  local a="server 127.0.0.1:${replica_ports[0]}" b="server 127.0.0.1:${replica_ports[1]}"
  start_nginx balancer $balancer_port "access_log off;
  upstream replicas { $a; $b; keepalive 64; }
  upstream replica_a { $a; keepalive 32; }
  upstream replica_b { $b; keepalive 32; }
  map \$http_x_load_replica \$replica_group { a replica_a; b replica_b; default replicas; }
  server {
    listen 127.0.0.1:$balancer_port;
    location = / { return 204; }
    location / { proxy_pass http://\$replica_group; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_set_header X-Load-Replica \"\"; }
  }" 1
}

redis_calls() { # "command calls" for every command Redis has run so far
  redis-cli -p $redis_port INFO commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat_/ { sub(/^cmdstat_/, "", $1); print $1, $3 }'
}
counts_delta() { # before-file after-file: "name count" for every name whose count grew
  awk 'NR == FNR { b[$1] = $2; next } $2 > b[$1] { print $1, $2 - b[$1] }' "$1" "$2"
}

snapshot_counts() { # tag: each replica's outcomes and Redis's command calls, to files
  local i
  for i in 1 2; do outcome_counts "${replica_management_ports[i - 1]}" >"$work/outcomes-$i-$1"; done
  redis_calls >"$work/redis-$1"
}

scaleout_phase() { # phase label copies (body and sig: run_scaleout's)
  local phase=$1 label=$2 copies=$3 id_prefix="scaleout-$1-r$round" i
  local url="http://127.0.0.1:$balancer_port/spooling" balancer_pids
  balancer_pids=$(nginx_pids balancer)
  snapshot_counts before
  cpu_mark replica-1 "${replica_pids[0]}"
  cpu_mark replica-2 "${replica_pids[1]}"
  cpu_mark balancer $balancer_pids
  cpu_mark redis "$redis_pid"
  run_wrk "r$round" -d"$duration" -s "$root/load-tests/scripts/github.lua" "$url" -- "$body" "$sig" "scaleout-$phase" "$copies"
  local spent1 spent2 spent_balancer spent_redis
  spent1=$(cpu_spent replica-1 "${replica_pids[0]}")
  spent2=$(cpu_spent replica-2 "${replica_pids[1]}")
  spent_balancer=$(cpu_spent balancer $balancer_pids)
  spent_redis=$(cpu_spent redis "$redis_pid")
  sleep 1 # the last forwarded requests settle and reach the upstream's log
  snapshot_counts after

  # The replicas' own counts: requests each served (every outcome) and the outcomes of both together.
  local requests1 requests2 forwarded duplicate in_progress other
  for i in 1 2; do counts_delta "$work/outcomes-$i-before" "$work/outcomes-$i-after" >"$work/outcomes-$i-delta"; done
  requests1=$(awk '{ t += $2 } END { print t + 0 }' "$work/outcomes-1-delta")
  requests2=$(awk '{ t += $2 } END { print t + 0 }' "$work/outcomes-2-delta")
  cat "$work/outcomes-1-delta" "$work/outcomes-2-delta" | awk '{ n[$1] += $2 } END { for (o in n) print o, n[o] }' >"$work/outcomes-delta"
  forwarded=$(count_of forwarded "$work/outcomes-delta")
  duplicate=$(count_of duplicate "$work/outcomes-delta")
  in_progress=$(count_of in_progress "$work/outcomes-delta")
  other=$(awk '$1 != "forwarded" && $1 != "duplicate" && $1 != "in_progress" { t += $2 } END { print t + 0 }' "$work/outcomes-delta")
  local others aborted
  others=$(awk '$1 != "forwarded" && $1 != "duplicate" && $1 != "in_progress" { printf "%s%s %s", (n++ ? ", " : ""), $1, $2 }' "$work/outcomes-delta")
  aborted=$(count_of upstream_error "$work/outcomes-delta")

  # Redis: every command the replicas sent during the phase (the one INFO of the first snapshot is ours).
  local deliveries commands breakdown
  deliveries=$(( (run_requests + copies - 1) / copies ))
  counts_delta "$work/redis-before" "$work/redis-after" | awk '$1 == "info" { $2-- } $2 > 0' >"$work/redis-delta"
  commands=$(awk -v d="$deliveries" '{ t += $2 } END { printf "%.2f", (d > 0 ? t / d : 0) }' "$work/redis-delta")
  breakdown=$(sort -k2,2nr "$work/redis-delta" | awk -v d="$deliveries" '{ printf "%s%s %.2f", (NR > 1 ? ", " : ""), $1, $2 / d }')

  # The upstream: every id it received in this phase, how many distinct, how many more than once.
  local ids distinct twice
  ids=$(grep -c "^$id_prefix-" "$work/upstream/ids.log" || true)
  distinct=$(grep "^$id_prefix-" "$work/upstream/ids.log" | sort -u | wc -l)
  twice=$(grep "^$id_prefix-" "$work/upstream/ids.log" | sort | uniq -d | wc -l)

  local per_request cpu1 cpu2 balancer_cpu redis_cpu mib verdict
  per_request=$(us_per_request $((spent1 + spent2)) "$run_requests")
  cpu1=$(us_per_request "$spent1" "$requests1")
  cpu2=$(us_per_request "$spent2" "$requests2")
  balancer_cpu=$(us_per_request "$spent_balancer" "$run_requests")
  redis_cpu=$(us_per_request "$spent_redis" "$run_requests")
  mib=$(peak_rss_mib "${replica_pids[@]}")
  # Exactly once: no id twice, and every forwarded answer's id at the upstream. Requests still in flight when wrk
  # stops lose their sender but run to their end, so they count as forwarded; an exchange that failed then
  # (upstream_error) may still have reached the upstream, and is allowed for.
  # And the phase sent what it meant to: with one copy no answer from the store; with two, one per forwarded delivery
  # (if every request looked like the same delivery, one id would be forwarded and all would pass the first test).
  local answered_by_store=$((duplicate + in_progress)) expected_by_store=$(( forwarded * (copies - 1) ))
  verdict=yes
  ((twice == 0 && distinct >= forwarded && distinct <= forwarded + aborted)) || verdict=NO
  local slack=$((connections + aborted)) # requests cut off when wrk stopped, one per connection at the most
  (( answered_by_store - expected_by_store <= slack && expected_by_store - answered_by_store <= slack )) || verdict=NO
  csv_row "scaleout-$phase" "$label" "1 KiB" "$round" "$run_requests" "$run_seconds" "$run_rps" "$run_p50" "$run_p99" \
    "$per_request" "$(cores_used $((spent1 + spent2)) "$run_seconds")" "$mib" "$run_non2xx" \
    "$requests1" "$cpu1" "$requests2" "$cpu2" "$balancer_cpu" "$redis_cpu" "$deliveries" "$commands" \
    "$forwarded" "$duplicate" "$in_progress" "$other" "$ids" "$distinct" "$twice"
  scaleout_performance+=("| $label | $round | $run_rps | $run_p50 | $run_p99 | $per_request | $requests1, $cpu1 | $requests2, $cpu2 | $balancer_cpu | $redis_cpu | $commands | $run_non2xx |")
  scaleout_checks+=("| $label | $round | $deliveries | $forwarded | $duplicate | $in_progress | $other${others:+ ($others)} | $ids | $distinct | $twice | $verdict |")
  scaleout_redis+=("- $label, round $round: $breakdown")
  [[ $verdict == yes ]] || scaleout_failed=1
  echo "  $label: $run_rps req/s, $per_request µs CPU/request (replicas $cpu1 and $cpu2), p50 $run_p50 ms, p99 $run_p99 ms;" \
    "Redis $commands commands/delivery; upstream $ids ids, $distinct distinct, $twice twice; exactly once: $verdict"
}

run_scaleout() {
  local body="$work/body-1k.json" sig
  sig=$(github_signature "$body")
  scaleout_performance=() scaleout_checks=() scaleout_redis=() scaleout_failed=0
  csv_columns=$scaleout_columns
  restart_upstream_recording_ids
  start_redis
  start_replicas
  start_balancer
  echo "scale-out: 2 replicas behind nginx round-robin, one Redis; warm-up ${warmup} of unique deliveries"
  warm_up -s "$root/load-tests/scripts/github.lua" "http://127.0.0.1:$balancer_port/spooling" -- "$body" "$sig" scaleout-warm-up
  load_before=$(loadavg)
  for round in $(seq 1 "$rounds"); do
    ((rounds == 1)) || echo "== round $round of $rounds"
    scaleout_phase unique "unique deliveries, round-robin" 1
    scaleout_phase twice "each delivery twice, once to each replica" 2
  done
  load_after=$(loadavg)
  {
    echo "# Scale-out: two replicas, one Redis, $stamp UTC"
    echo
    describe_machine " through nginx (1 worker, round-robin, keepalive) to 2 firewall replicas, ${duration} per phase after a ${warmup} warm-up"
    echo
    echo "Both replicas: the published firewall, a github route whose policy spools failed deliveries (OnUpstreamFailure Spool,"
    echo "the backend healthy), with the idempotency store, the delivery ledger and the spool on one redis-server (no persistence)."
    echo "CPU µs/req of a replica is its own CPU over the requests it served (its webhook_requests_total); the firewall"
    echo "column is both replicas' CPU over every request; nginx and Redis are per request through the balancer."
    echo
    echo "| phase | round | req/s | p50 ms | p99 ms | firewall CPU µs/req (both) | replica 1: requests, µs/req | replica 2: requests, µs/req | nginx µs/req | Redis µs/req | Redis commands/delivery | non-2xx |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${scaleout_performance[@]}"
    echo
    echo "Exactly once across the replicas: answers from the replicas' metrics, ids from the upstream's log; deliveries"
    echo "= requests wrk counted / copies; the twice phase's non-2xx are its 409s. \"Exactly once\": no id received twice and"
    echo "every forwarded delivery at the upstream; requests in flight when wrk stopped (at most one per connection) run to"
    echo "their end (the sender's going does not cancel the exchange): forwarded and at the upstream, though wrk never counted them."
    echo
    echo "| phase | round | deliveries | forwarded | duplicate | in progress (409) | other | ids at the upstream | distinct | received twice (must be 0) | exactly once |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${scaleout_checks[@]}"
    echo
    echo "Redis commands per delivery, by command (INFO commandstats also counts the commands a Lua script runs: a settle is"
    echo "one evalsha round trip that runs a get and a set):"
    printf '%s\n' "${scaleout_redis[@]}"
    echo
    echo "Charts: $stamp-scaleout-throughput.svg, $stamp-scaleout-latency.svg."
  } | write_results scaleout
  draw_charts scaleout
  ((scaleout_failed == 0)) || { echo "exactly-once check FAILED" >&2; exit 1; }
}
