# The "fresh" part of test-lab/bench/run: the first takeover of a Backup that has never been Master. Every
# repetition starts both daemons afresh (a 150, b 100), waits until a holds the VIP and b has settled as Backup,
# then stops a (SIGTERM: priority-0 advert, RFC timer Skew_Time of b; or SIGKILL with a's VIP deleted at once:
# RFC timer Master_Down_Interval after a's last advert) and stops both once b holds the VIP.
# From the capture on the client's bridge port and `ip -ts monitor address` in b's namespace it measures, per
# repetition: SIGTERM → a's priority-0 advert, b's RFC timer → b's first advert, → the VIP on b (the kernel's
# address event), and b's first gratuitous ARP − its first advert (freshstat.py).
# Sourced by lib.sh; uses start_node/stop_node/capture_* and $SCENARIOS (sigterm and sigkill are used here).

FRESH_SETTLE=${FRESH_SETTLE:-1.5}

# signal_at SIGNAL PID [HOLD_S]: sends the signal and prints CLOCK_REALTIME (ns) read right before it, from one
# process, so the event time carries no fork of date(1); then sits idle HOLD_S seconds before exiting
signal_at() {
  $PY -c 'import os, sys, time; t = time.time_ns(); os.kill(int(sys.argv[2]), int(sys.argv[1])); print(t, flush=True)
time.sleep(float(sys.argv[3]))' "$1" "$2" "${3:-0}"
}

# hold_ms INTERVAL_MS SCENARIO: how long the harness keeps still after the signal: past the new master's RFC timer
# (Skew_Time after the priority-0 advert, or at most Master_Down_Interval after the signal) by 25 ms. Its forks
# (an interpreter's exit, ip(1) polling every 50 ms) would otherwise land on the two cores the takeover runs on,
# now and then right at it, in the measurement of both daemons.
hold_ms() {
  if [ "$2" = sigterm ]; then awk -v m="$1" 'BEGIN { printf "%.0f", (256 - 100) * m / 256 + 25 }'
  else awk -v m="$1" 'BEGIN { printf "%.0f", 3 * m + (256 - 100) * m / 256 + 25 }'; fi
}

fresh_cycle() { # IMPL INTERVAL SCENARIO EVENTS
  local impl=$1 ival=$2 scen=$3 ev=$4 ms to t0 p pids hold
  ms=$(ival_ms "$ival"); to=$(timeout_for "$ms")
  # a first, b once a holds the VIP: started together, b's down timer can run out before a's first advert (a
  # JVM's start-up is longer than Master_Down_Interval), and b would have been Master before the measurement
  start_node "$impl" a 150 "$ival"
  lab_wait 60 "VIP on a" has_vip a || log "  $impl $ival $scen: a did not take the VIP"
  start_node "$impl" b 100 "$ival"
  lab_wait 60 "VIP only on a" vip_only_on a || log "  $impl $ival $scen: the VIP is not on a alone"
  # b has reached Backup (it logs it within its start-up) and sat there for a while: a long-idle Backup
  lab_wait 60 "b in Backup" grep -qE "$(ready_pattern "$impl")" "${LOGF[b]}" || true
  settle_after_takeover "$ms"; sleep "$FRESH_SETTLE"
  hold=$(awk -v h="$(hold_ms "$ms" "$scen")" 'BEGIN { printf "%.3f", h / 1000 }')
  if [ "$scen" = sigterm ]; then
    t0=$(signal_at 15 "${PID[a]}" "$hold")
  else
    pids=$(node_pids a)
    t0=$(for p in $pids; do signal_at 9 "$p"; done); t0=${t0%%$'\n'*}
    ip -n "$(lab_ns a)" addr del "$VIP/24" dev eth0 2>/dev/null || true
    sleep "$hold"
  fi
  echo "$t0" >>"$ev"
  echo "$t0 a=${PID[a]} b=${PID[b]}" >>"$ev.pids" # the daemons' pids (e.g. for -Xlog:...:file=...%p.log)
  lab_wait "$to" "VIP on b after $scen" has_vip b || log "  $impl $ival $scen: no takeover within ${to}s"
  sleep 0.3
  wait_gone a; forget_pid "${PID[a]}"
  stop_node b
}

part_fresh() {
  local impl ival scen cap ev mon rep ms scens=""
  for scen in $SCENARIOS; do case $scen in sigterm|sigkill) scens="$scens $scen" ;; esac; done
  for ival in $INTERVALS; do
    for impl in $IMPLS; do
      for scen in $scens; do
        log "  fresh $impl $ival $scen x$REPS (load $(cut -d' ' -f1-3 /proc/loadavg))"
        cap="$OUT/fresh-$impl-$ival-$scen.pcap"; ev="$OUT/fev-$impl-$ival-$scen"; mon="$OUT/fmon-$impl-$ival-$scen"
        : >"$ev"
        capture_start "$cap"
        lab_spawn "$mon" b env TZ=UTC ip -ts monitor address; local mon_pid=${LAB_PIDS[-1]}
        for rep in $(seq "$REPS"); do fresh_cycle "$impl" "$ival" "$scen" "$ev"; done
        kill "$mon_pid" 2>/dev/null || true; wait "$mon_pid" 2>/dev/null || true; forget_pid "$mon_pid"
        capture_stop
        ms=$(ival_ms "$ival")
        $PY "$here/freshstat.py" "$cap" "$ev" "$mon" "$scen" "$ms" 192.0.2.11 192.0.2.12 "$MAC_B" "$VIP" \
          | awk -v i="$impl" -v v="$ms" -v s="$scen" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
              '{ print i "\t" v "\t" s "\t" l "\t" $0 }' | tr ' ' '\t' >>"$OUT/fresh.tsv"
        gzip -f "$cap"
      done
    done
  done
}
