# Functions of test-lab/bench/run: starting either daemon on a lab node, the scenarios, and the report.
# Sourced after test-lab/lib/netns.sh; uses $work, $OUT, $CP and the settings of run.

VIP=192.0.2.10
VRID=51
MAC_A=02:00:00:00:00:01
MAC_B=02:00:00:00:00:02
PY=python3
# VRRPD_JAR: a daemon JAR to measure instead of this tree's build (e.g. a copy of an earlier build, for a
# before/after comparison); its AppCDS archive is made next to it
JSA="$top/vrrpd/daemon/target/vrrpd-bench.jsa"
[ -n "${VRRPD_JAR:-}" ] && JSA="${VRRPD_JAR%.jar}-bench.jsa"
daemon_jar() {
  if [ -n "${VRRPD_JAR:-}" ]; then echo "$VRRPD_JAR"
  else ls "$top"/vrrpd/daemon/target/vrrpd-*.jar | grep -v -- -tests.jar | head -1; fi
}
# The package's JVM flags (its launcher's VRRPD_JAVA_OPTS): what every part runs vrrpd with unless VRRPD_JVM is
# set (before run 8 the default was -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1).
PACKAGE_JVM=$(sed -n 's/^VRRPD_JAVA_OPTS="\(.*\)"$/\1/p' "$top/packaging/deb/src/deb/bin/vrrpd")
[ -n "$PACKAGE_JVM" ] || { echo "bench: no VRRPD_JAVA_OPTS in packaging/deb/src/deb/bin/vrrpd" >&2; exit 1; }
VRRPD_JVM=${VRRPD_JVM:-"$PACKAGE_JVM -Xshare:auto"}

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$OUT/bench.log" >&2; }
now_ns() { date +%s%N; }

# interval text (1s, 100ms, 10ms) -> milliseconds; keepalived's advert_int (seconds, decimals allowed for v3)
ival_ms() { case $1 in *ms) echo "${1%ms}" ;; *s) echo $(( ${1%s} * 1000 )) ;; esac; }
ival_ka() { awk -v m="$(ival_ms "$1")" 'BEGIN { printf "%g", m / 1000 }'; }
# RFC 9568 §6.1 figures in ms for an interval in ms: skew(prio) and Master_Down_Interval(prio)
skew_ms() { awk -v i="$1" -v p="$2" 'BEGIN { printf "%.1f", (256 - p) * i / 256 }'; }
mdi_ms() { awk -v i="$1" -v p="$2" 'BEGIN { printf "%.1f", 3 * i + (256 - p) * i / 256 }'; }

# ---- configs ------------------------------------------------------------------------------------------------

vip_v4() { if [ "$1" -le 254 ]; then echo "198.51.100.$1"; else echo "192.0.2.254"; fi; }

# vrrpd_conf FILE SOCK PRIO INTERVAL N FAMILY [CHECKFLAG]: N instances (VRID 51 and VIP 192.0.2.10 when N = 1)
vrrpd_conf() {
  local f=$1 sock=$2 prio=$3 ival=$4 n=$5 fam=$6 flag=${7:-} i vips
  { echo "global:"; echo "  control_socket: $sock"; echo "instances:"
    for i in $(seq "$n"); do
      if [ "$n" = 1 ]; then vips="[$VIP/24]"; [ "$fam" = v6 ] && vips="[fe80::51/64, 2001:db8::10/64]"
      elif [ "$fam" = v6 ]; then vips="[fe80::1:$i/64, 2001:db8::1:$i/64]"
      else vips="[$(vip_v4 "$i")/32]"; fi
      echo "  - name: vr$i"; echo "    interface: eth0"
      echo "    vrid: $([ "$n" = 1 ] && echo $VRID || echo "$i")"
      echo "    priority: $prio"; echo "    advert_interval: $ival"; echo "    vips: $vips"
      echo "    accept_mode: true"; echo "    garp_master_delay: 1s"; echo "    garp_master_repeat: 1"
      if [ -n "$flag" ]; then # keepalived's chk_flag below: test -e FLAG every 1 s, weight 0 (down = Fault)
        echo "    checks:"; echo "      - type: script"; echo "        name: chk_flag"
        echo "        command: [/usr/bin/test, -e, $flag]"; echo "        allow_root: true"
        echo "        interval: 1s"; echo "        timeout: 1s"; echo "        fall: 1"; echo "        rise: 1"
        echo "        weight: 0"
      fi
    done; } >"$f"
}

# keepalived_conf FILE NAME PRIO INTERVAL N FAMILY [CHECKFLAG]
keepalived_conf() {
  local f=$1 name=$2 prio=$3 ival=$4 n=$5 fam=$6 flag=${7:-} i vr
  { echo "global_defs {"; echo "  router_id $name"; echo "  vrrp_version 3"; echo "  script_user root"
    echo "  vrrp_garp_master_delay 1"; echo "  vrrp_garp_master_repeat 1"; echo "}"
    if [ -n "$flag" ]; then
      echo "vrrp_script chk_flag {"; echo "  script \"/usr/bin/test -e $flag\""; echo "  interval 1"
      echo "  fall 1"; echo "  rise 1"; echo "  weight 0"; echo "}"
    fi
    for i in $(seq "$n"); do
      vr=$([ "$n" = 1 ] && echo $VRID || echo "$i")
      echo "vrrp_instance vr$i {"; echo "  state BACKUP"; echo "  interface eth0"; echo "  virtual_router_id $vr"
      echo "  version 3"; echo "  priority $prio"; echo "  advert_int $(ival_ka "$ival")"
      [ -n "$flag" ] && { echo "  track_script {"; echo "    chk_flag"; echo "  }"; }
      echo "  virtual_ipaddress {"
      if [ "$n" = 1 ]; then
        if [ "$fam" = v6 ]; then echo "    fe80::51/64 dev eth0"; echo "    2001:db8::10/64 dev eth0"
        else echo "    $VIP/24 dev eth0"; fi
      elif [ "$fam" = v6 ]; then echo "    fe80::1:$i/64 dev eth0"; echo "    2001:db8::1:$i/64 dev eth0"
      else echo "    $(vip_v4 "$i")/32 dev eth0"; fi
      echo "  }"; echo "}"
    done; } >"$f"
}

# ---- daemons --------------------------------------------------------------------------------------------------

# cmd_of IMPL NODE PRIO INTERVAL N FAMILY [FLAG] -> sets CMD (array) for the daemon, after writing its config
cmd_of() {
  local impl=$1 node=$2 prio=$3 ival=$4 n=$5 fam=$6 flag=${7:-}
  if [ "$impl" = vrrpd ]; then
    vrrpd_conf "$work/$node.yaml" "$work/$node.sock" "$prio" "$ival" "$n" "$fam" "$flag"
    # shellcheck disable=SC2206
    # as /usr/sbin/vrrpd starts it: the four signals blocked, the JVM told to leave them so (-Xrs), a signalfd reads
    # them; VRRPD_SIGNALS=jdk runs it as before run 12 (the JDK's signal handlers)
    local sig=(--block-signal=HUP,INT,QUIT,TERM) xrs=-Xrs
    [ "${VRRPD_SIGNALS:-signalfd}" = jdk ] && { sig=(); xrs=; }
    CMD=(env "${sig[@]}" ${VRRPD_ENV:-} java $xrs $VRRPD_JVM $(cds_flag) -cp "$CP" org.vrrpd.daemon.Main \
         --config "$work/$node.yaml")
  else
    keepalived_conf "$work/$node.conf" "$node" "$prio" "$ival" "$n" "$fam" "$flag"
    CMD=(keepalived --dont-fork --log-console --log-detail --vrrp --use-file="$work/$node.conf"
         --pid="$work/$node-ka.pid" --vrrp_pid="$work/$node-ka-vrrp.pid")
  fi
}

# the AppCDS archive, unless VRRPD_APPCDS=0 or the flags name one already
cds_flag() {
  if [ "${VRRPD_APPCDS:-1}" = 1 ] && [ -f "$JSA" ] && [[ "$VRRPD_JVM" != *SharedArchiveFile* ]]; then
    echo "-XX:SharedArchiveFile=$JSA"
  fi
}

declare -A PID LOGF
# start_node IMPL NODE PRIO INTERVAL [FLAG]; the daemon's log is ${LOGF[NODE]}
start_node() {
  local impl=$1 node=$2
  cmd_of "$impl" "$node" "$3" "$4" 1 v4 "${5:-}"
  rm -f "$work/$node-ka.pid" "$work/$node-ka-vrrp.pid"
  LOGF[$node]="$work/$impl-$node.log.$(now_ns)"
  lab_spawn "${LOGF[$node]}" "$node" "${CMD[@]}" >/dev/null; PID[$node]=${LAB_PIDS[-1]}
}

# the daemon's whole process tree (keepalived's VRRP child, too)
node_pids() {
  local p=${PID[$1]} c
  for c in $(pgrep -P "$p" 2>/dev/null); do echo "$c"; done
  echo "$p"
}
kill_node() { # SIGNAL NODE: the signal to the daemon (TERM) or its whole tree at once (KILL)
  if [ "$1" = KILL ]; then kill -KILL $(node_pids "$2") 2>/dev/null || true
  else kill -"$1" "${PID[$2]}" 2>/dev/null || true; fi
}
wait_gone() { local p=${PID[$1]}; for _ in $(seq 300); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.05; done; kill -KILL "$p" 2>/dev/null || true; }
stop_node() { kill_node TERM "$1"; wait_gone "$1"; forget_pid "${PID[$1]}"; }
# drops an exited process from the cleanup list, so a later reuse of its pid is never signalled
forget_pid() { local i; for i in "${!LAB_PIDS[@]}"; do [ "${LAB_PIDS[$i]}" = "$1" ] && unset 'LAB_PIDS[i]'; done; LAB_PIDS=("${LAB_PIDS[@]}"); }

has_vip() { lab_has_addr "$1" "$VIP"; }
vip_only_on() { local o; o=$([ "$1" = a ] && echo b || echo a); has_vip "$1" && ! has_vip "$o"; }

# ---- capture and probing -------------------------------------------------------------------------------------

CAP_PID=""
# capture_start FILE: on the client's bridge port v3 (sees flooded adverts and the client's probes and replies)
capture_start() {
  lab_spawn "$1.log" lan tcpdump -i v3 -U --immediate-mode -n -s 160 --time-stamp-precision=nano \
     -w "$1" 'ip proto 112 or ip6 proto 112 or icmp or icmp6 or arp' >/dev/null; CAP_PID=${LAB_PIDS[-1]}
  lab_wait 10 "tcpdump listening" grep -q "listening on" "$1.log"
}
capture_stop() { kill "$CAP_PID" 2>/dev/null || true; wait "$CAP_PID" 2>/dev/null || true; forget_pid "$CAP_PID"; CAP_PID=""; }

PROBE_PID=""
probe_start() { lab_spawn "$work/ping.log" client ping -n -q -i 0.01 "$VIP" >/dev/null; PROBE_PID=${LAB_PIDS[-1]}; }
probe_stop() { kill "$PROBE_PID" 2>/dev/null || true; wait "$PROBE_PID" 2>/dev/null || true; forget_pid "$PROBE_PID"; PROBE_PID=""; }

load_start() { # both cores busy with CPU and memory work, in the root namespace
  STRESS_PID=$(stress-ng --cpu "$(nproc)" --vm 1 --vm-bytes 256M --quiet >"$work/stress.log" 2>&1 & echo $!)
  sleep 1
}
load_stop() { [ -n "$STRESS_PID" ] && kill "$STRESS_PID" 2>/dev/null; wait "$STRESS_PID" 2>/dev/null || true; STRESS_PID=""; }

# ---- parts -------------------------------------------------------------------------------------------------

# VRRPD_CDS_TRAINING=backup: the archive's dump run stops while Backup (as a packaged node's first run under
# systemd does when that node has only ever been Backup), instead of going through Master (the default)
make_cds_archive() {
  local jar pattern=" -> MASTER" what="start, Backup, Master, SIGTERM"; jar=$(daemon_jar)
  if [ "${VRRPD_CDS_TRAINING:-master}" = backup ]; then pattern="INITIALIZE -> BACKUP"; what="start, Backup, SIGTERM"; fi
  [ -f "$JSA" ] && [ "$JSA" -nt "$jar" ] && [ "$(cat "$JSA.training" 2>/dev/null)" = "$what" ] && return 0
  rm -f "$JSA"
  # by default the dump run goes through Backup, Master and the priority-0 hand-over, so the classes of every
  # path the failover parts time are in the archive
  log "creating the AppCDS archive $JSA (a dump run: $what)"
  vrrpd_conf "$work/cds.yaml" "$work/cds.sock" 100 "$([ "$what" = "start, Backup, SIGTERM" ] && echo 1s || echo 100ms)" 1 v4
  # shellcheck disable=SC2086
  dump_cds_archive "$work/cds.log" "$pattern" 1 java $VRRPD_JVM -XX:ArchiveClassesAtExit="$JSA" -cp "$CP" \
        org.vrrpd.daemon.Main --config "$work/cds.yaml"
  echo "$what" >"$JSA.training"
}

# dump_cds_archive LOG PATTERN LINGER_S CMD...: an AppCDS dump run on solo. CMD (a java command with
# -XX:ArchiveClassesAtExit) runs until LOG holds PATTERN, LINGER_S seconds more, then SIGTERM; the JVM writes the
# archive as it exits, and this returns when it has.
dump_cds_archive() {
  local log=$1 pattern=$2 linger=$3 p; shift 3
  lab_spawn "$log" solo "$@" >/dev/null; p=${LAB_PIDS[-1]}
  lab_wait 60 "archive dump run: $pattern" grep -q -- "$pattern" "$log" || true
  sleep "$linger"; kill -TERM "$p"; for _ in $(seq 200); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
}

. "$here/parts.sh"
. "$here/fresh.sh"
