# The measured parts of test-lab/bench/run; each appends rows to a TSV in $OUT, report.py renders them.

pair_start() { # IMPL INTERVAL [FLAG]: a (150) and b (100); returns when a holds the VIP and b has seen it
  local ms; ms=$(ival_ms "$2")
  start_node "$1" a 150 "$2" "${3:-}"
  start_node "$1" b 100 "$2"
  lab_wait 60 "VIP only on a" vip_only_on a
  settle_after_takeover "$ms"
}
pair_stop() { stop_node a; stop_node b; }
settle_after_takeover() { sleep "$(awk -v m="$1" 'BEGIN { printf "%.2f", (4 * m + 300) / 1000 }')"; }
restart_a() { # IMPL INTERVAL [FLAG]
  start_node "$1" a 150 "$2" "${3:-}"
}
timeout_for() { awk -v m="$1" 'BEGIN { t = int(10 * m / 1000) + 15; print t }'; }

# failover_cycle IMPL INTERVAL SCENARIO EVENTS [PREEMPT_EVENTS]: one repetition, a → b, then back to a
failover_cycle() {
  local impl=$1 ival=$2 scen=$3 ev=$4 pev=${5:-} ms to t0
  ms=$(ival_ms "$ival"); to=$(timeout_for "$ms")
  case $scen in
    sigterm|preempt)
      t0=$(now_ns); kill_node TERM a ;;
    sigkill)
      t0=$(now_ns); kill_node KILL a
      # a crashed host takes its addresses with it; without this the dead node's stale VIP keeps answering
      ip -n "$(lab_ns a)" addr del "$VIP/24" dev eth0 2>/dev/null || true ;;
    linkdown)
      t0=$(now_ns); ip -n "$(lab_ns a)" link set eth0 down ;;
    check)
      t0=$(now_ns); rm -f "$work/flag" ;;
  esac
  [ "$scen" = preempt ] || echo "$t0" >>"$ev"
  lab_wait "$to" "VIP on b after $scen" has_vip b || log "  $impl $ival $scen: no takeover within ${to}s"
  sleep 0.3
  case $scen in
    sigterm|preempt|sigkill)
      wait_gone a; forget_pid "${PID[a]}"
      t0=$(now_ns); restart_a "$impl" "$ival"
      [ "$scen" = preempt ] && echo "$t0" >>"$ev"
      [ -n "$pev" ] && echo "$t0" >>"$pev" ;;
    linkdown) ip -n "$(lab_ns a)" link set eth0 up ;;
    check) touch "$work/flag" ;;
  esac
  lab_wait $((to + 30)) "VIP back only on a" vip_only_on a || log "  $impl $ival $scen: a did not take back"
  settle_after_takeover "$ms"
}

part_failover() {
  local impl ival scen cap ev rep flag ms
  for ival in $INTERVALS; do
    for impl in $IMPLS; do
      for scen in $SCENARIOS; do
        if [ "$scen" = preempt ] && [[ " $SCENARIOS " == *" sigterm "* ]]; then continue; fi # measured with sigterm
        log "  failover $impl $ival $scen x$REPS"
        cap="$OUT/fo-$impl-$ival-$scen.pcap"; ev="$OUT/ev-$impl-$ival-$scen"; : >"$ev"
        local pev=""
        if [ "$scen" = sigterm ] && [[ " $SCENARIOS " == *" preempt "* ]]; then pev="$OUT/ev-$impl-$ival-preempt"; : >"$pev"; fi
        flag=""; [ "$scen" = check ] && { flag="$work/flag"; touch "$flag"; }
        capture_start "$cap"; probe_start
        if [ "$scen" = check ]; then pair_start "$impl" "$ival" "$flag"; else pair_start "$impl" "$ival"; fi
        for rep in $(seq "$REPS"); do failover_cycle "$impl" "$ival" "$scen" "$ev" "$pev"; done
        pair_stop; probe_stop; capture_stop
        ms=$(ival_ms "$ival")
        $PY "$here/pcapstat.py" failover "$cap" "$ev" 192.0.2.12 "$MAC_B" \
          | awk -v i="$impl" -v v="$ms" -v s="$scen" '{ print i "\t" v "\t" s "\t" $0 }' | tr ' ' '\t' >>"$OUT/failover.tsv"
        if [ -n "$pev" ]; then
          $PY "$here/pcapstat.py" failover "$cap" "$pev" 192.0.2.11 "$MAC_A" \
            | awk -v i="$impl" -v v="$ms" '{ print i "\t" v "\tpreempt\t" $0 }' | tr ' ' '\t' >>"$OUT/failover.tsv"
        fi
        gzip -f "$cap"
      done
    done
  done
}

part_jitter() {
  local impl ival load cap variant
  for ival in ${JIT_INTERVALS:-100ms 10ms}; do
    for load in idle load; do
      for variant in $IMPLS $([[ " $IMPLS " == *" vrrpd "* ]] && echo vrrpd-rt); do
        impl=${variant%-rt}
        log "  jitter $variant $ival $load ${JIT_S}s"
        [ "$load" = load ] && load_start
        if [ "$variant" = vrrpd-rt ]; then VRRPD_ENV="VRRPD_RT_PRIORITY=50" pair_start "$impl" "$ival"
        else pair_start "$impl" "$ival"; fi
        cap="$OUT/jit-$variant-$ival-$load.pcap"
        capture_start "$cap"; sleep "$JIT_S"; capture_stop
        pair_stop
        [ "$load" = load ] && load_stop
        printf '%s\t%s\t%s\t%s\n' "$variant" "$(ival_ms "$ival")" "$load" \
          "$($PY "$here/pcapstat.py" jitter "$cap" 192.0.2.11 "$(ival_ms "$ival")" "$OUT/gaps-$variant-$ival-$load.txt" | tr ' ' '\t')" \
          >>"$OUT/jitter.tsv"
        gzip -f "$cap"
      done
    done
  done
}

transitions() { # IMPL: state entries logged by a and b so far
  local f n=0
  for f in "$work/$1"-a.log.* "$work/$1"-b.log.*; do
    [ -f "$f" ] || continue
    if [ "$1" = vrrpd ]; then n=$((n + $(grep -c -- " -> " "$f" || true)))
    else n=$((n + $(grep -c "Entering .* STATE" "$f" || true))); fi
  done
  echo "$n"
}

part_soak() {
  local impl cap before after variant
  for variant in $IMPLS $([[ " $IMPLS " == *" vrrpd "* ]] && echo vrrpd-rt); do
    impl=${variant%-rt}
    log "  soak $variant 100ms under load ${SOAK_S}s"
    rm -f "$work/$impl"-[ab].log.*
    load_start
    if [ "$variant" = vrrpd-rt ]; then VRRPD_ENV="VRRPD_RT_PRIORITY=50" pair_start "$impl" 100ms
    else pair_start "$impl" 100ms; fi
    before=$(transitions "$impl")
    cap="$OUT/soak-$variant.pcap"
    capture_start "$cap"; sleep "$SOAK_S"; capture_stop
    after=$(transitions "$impl")
    pair_stop; load_stop
    printf '%s\t%s\t%s\t%s\n' "$variant" "$SOAK_S" "$((after - before))" "$($PY "$here/pcapstat.py" masters "$cap" $VRID)" \
      >>"$OUT/soak.tsv"
    gzip -f "$cap"
  done
}

# one line per instance entering Backup (the driver's line; before run 8 the state machine logged it too)
VRRPD_READY='InstanceDriver: [^ ]+: INITIALIZE -> BACKUP'
ready_pattern() { if [ "$1" = vrrpd ]; then echo "$VRRPD_READY"; else echo "Entering BACKUP STATE"; fi; }

part_startup() {
  local impl fam n
  for fam in v4 v6; do
    for n in $SIZES; do
      for impl in $IMPLS; do
        log "  startup $impl $fam $n VRIDs (settle ${SETTLE}s, window ${WINDOW}s)"
        cmd_of "$impl" solo 100 1s "$n" "$fam"
        printf '%s\t%s\t%s\t%s\n' "$impl" "$fam" "$n" \
          "$($PY "$here/procwatch.py" "$(lab_ns solo)" "$work/startup-$impl.log" "$(ready_pattern "$impl")" \
              "$n" "$SETTLE" "$WINDOW" -- "${CMD[@]}" | tr ' ' '\t')" >>"$OUT/startup.tsv"
        # one cold start is noisy: STARTUP_REPS - 1 more, for the start-up time only (report.py takes the median)
        for _ in $(seq 2 "$STARTUP_REPS"); do
          printf '%s\t%s\t%s\t%s\n' "$impl" "$fam" "$n" "$($PY "$here/procwatch.py" "$(lab_ns solo)" \
              "$work/startup-$impl.log" "$(ready_pattern "$impl")" "$n" 1 1 -- "${CMD[@]}" \
              | cut -d' ' -f1)" >>"$OUT/startup-reps.tsv"
        done
      done
    done
  done
}

# The JVM choices, vrrpd only, each from a cold start: name|flags[|environment]
JVM_VARIANTS=(
  "JDK defaults (G1, heap 1/4 RAM)|"
  "heap -Xms16m -Xmx64m|-Xms16m -Xmx64m"
  "+ SerialGC|-Xms16m -Xmx64m -XX:+UseSerialGC"
  "+ TieredStopAtLevel=1|-Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
  "+ AppCDS archive|-Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=JSA"
  "AppCDS, full tiered|-Xms16m -Xmx64m -XX:+UseSerialGC -XX:SharedArchiveFile=JSA"
  "AppCDS + AlwaysPreTouch|-Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=JSA -XX:+AlwaysPreTouch"
  "AppCDS + lean (Xmx32m, code cache 16m, Xss256k, 1 JIT thread, no perf data)|-Xms8m -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=JSA -XX:ReservedCodeCacheSize=16m -Xss256k -XX:CICompilerCount=1 -XX:-UsePerfData"
  "AppCDS + lean + MALLOC_ARENA_MAX=2|-Xms8m -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=JSA -XX:ReservedCodeCacheSize=16m -Xss256k -XX:CICompilerCount=1 -XX:-UsePerfData|MALLOC_ARENA_MAX=2"
  "AppCDS + lean + MALLOC_ARENA_MAX=2 + Netty unpooled buffers|-Xms8m -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=JSA -XX:ReservedCodeCacheSize=16m -Xss256k -XX:CICompilerCount=1 -XX:-UsePerfData -Dio.netty.allocator.type=unpooled|MALLOC_ARENA_MAX=2"
)

part_jvm() {
  local v name flags n
  [[ " $IMPLS " == *" vrrpd "* ]] || return 0
  for n in 1 255; do
    for v in "${JVM_VARIANTS[@]}"; do
      IFS='|' read -r name flags env <<<"$v"; flags=${flags//JSA/$JSA}
      log "  jvm [$name] $n VRIDs"
      VRRPD_ENV="$env" VRRPD_APPCDS=0 VRRPD_JVM="$flags -Xshare:auto" cmd_of vrrpd solo 100 1s "$n" v4
      printf '%s\t%s\t%s\n' "$name" "$n" \
        "$($PY "$here/procwatch.py" "$(lab_ns solo)" "$work/jvm.log" "$VRRPD_READY" "$n" "$JVM_SETTLE" "$JVM_WINDOW" \
            -- "${CMD[@]}" | tr ' ' '\t')" >>"$OUT/jvm.tsv"
    done
  done
}

# The floor: what a JVM with vrrpd's libraries costs before any of vrrpd's own code runs (floor/Floor.java),
# next to vrrpd itself, with the package's JVM flags and each program's own AppCDS archive; FLOOR_REPS cold starts
# each, RSS at FLOOR_SETTLE s. Rows: program, start-up ms, VmRSS MiB, CPU s/min, RssAnon MiB.
FLOOR_JVM=$PACKAGE_JVM
part_floor() {
  [[ " $IMPLS " == *" vrrpd "* ]] || return 0
  local d="$work/floor" mode rep jsa
  mkdir -p "$d"
  javac -d "$d" -cp "$CP" "$here/floor/Floor.java" && (cd "$d" && jar cf floor.jar ./*.class)
  vrrpd_conf "$work/floor.yaml" "$work/floor.sock" 100 1s 1 v4
  for mode in jvm libs vrrpd; do
    if [ "$mode" = vrrpd ]; then
      jsa=$JSA; CMD=(java $FLOOR_JVM -XX:SharedArchiveFile="$jsa" -cp "$CP" org.vrrpd.daemon.Main --config "$work/floor.yaml")
    else
      jsa="$d/$mode.jsa"
      # shellcheck disable=SC2086
      dump_cds_archive "$d/dump-$mode.log" ready 0 java $FLOOR_JVM -XX:ArchiveClassesAtExit="$jsa" -Dfloor="$mode" \
            -cp "$d/floor.jar:$CP" Floor --config "$work/floor.yaml"
      CMD=(java $FLOOR_JVM -XX:SharedArchiveFile="$jsa" -Dfloor="$mode" -cp "$d/floor.jar:$CP" Floor --config "$work/floor.yaml")
    fi
    log "  floor $mode x${FLOOR_REPS} (settle ${FLOOR_SETTLE}s)"
    for rep in $(seq "$FLOOR_REPS"); do
      printf '%s\t%s\n' "$mode" "$($PY "$here/procwatch.py" "$(lab_ns solo)" "$d/run.log" \
          "$(if [ "$mode" = vrrpd ]; then echo "$VRRPD_READY"; else echo ready; fi)" 1 "$FLOOR_SETTLE" 2 -- "${CMD[@]}" \
          | tr ' ' '\t')" >>"$OUT/floor.tsv"
    done
  done
}

report() {
  {
    echo "mode $MODE; reps $REPS; machine $(nproc) cores; load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "vrrpd JVM: $VRRPD_JVM $(cds_flag)"
  } >"$OUT/meta.txt"
  $PY "$here/report.py" "$OUT"
  command -v gnuplot >/dev/null && [ -f "$OUT/jitter.tsv" ] && "$here/plot-jitter" "$OUT" >&2 || true
}
