# Shared shell helpers for the lab scripts: a per-run namespace prefix, a bridge in its own namespace,
# hosts attached by veth pairs with fixed MACs, and cleanup of only what this run created.
# Addresses: 192.0.2.0/24 and 2001:db8::/32 only.
# LAB_NS_FILE (optional): a file each created namespace is appended to, for a teardown in another process
# (test-lab/mail/down reads it).

LAB_PREFIX=${LAB_PREFIX:-vd$$-}
LAB_PIDS=()
LAB_NS=()
LAB_VETH=0

lab_ns() { echo "${LAB_PREFIX}$1"; }

lab_cleanup() {
  local pid ns
  for pid in "${LAB_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${LAB_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  for ns in "${LAB_NS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}

lab_add_ns() {
  local ns; ns=$(lab_ns "$1")
  ip netns add "$ns"
  LAB_NS+=("$ns")
  if [ -n "${LAB_NS_FILE:-}" ]; then echo "$ns" >>"$LAB_NS_FILE"; fi
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}

lab_bridge() {
  lab_add_ns lan
  ip -n "$(lab_ns lan)" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0
  ip -n "$(lab_ns lan)" link set br0 up
}

# lab_host NAME IPV4_CIDR [IPV6_CIDR]: IPV4_CIDR may be empty (a host that gets its IPv4 address by DHCP)
lab_host() {
  local name=$1 v4=$2 v6=${3:-} ns n
  lab_add_ns "$name"
  ns=$(lab_ns "$name")
  LAB_VETH=$((LAB_VETH + 1)); n=$LAB_VETH
  ip link add "${LAB_PREFIX}h$n" type veth peer name "${LAB_PREFIX}b$n"
  ip link set "${LAB_PREFIX}h$n" netns "$ns"
  ip link set "${LAB_PREFIX}b$n" netns "$(lab_ns lan)"
  ip -n "$ns" link set "${LAB_PREFIX}h$n" name eth0
  ip -n "$ns" link set eth0 address "$(printf '02:00:00:00:00:%02x' "$n")"
  ip -n "$(lab_ns lan)" link set "${LAB_PREFIX}b$n" name "v$n"
  ip -n "$(lab_ns lan)" link set "v$n" master br0 up
  if [ -n "$v4" ]; then ip -n "$ns" addr add "$v4" dev eth0; fi
  if [ -n "$v6" ]; then ip -n "$ns" addr add "$v6" dev eth0 nodad; fi
  ip -n "$ns" link set eth0 up
}

# lab_spawn LOGFILE NS_NAME CMD... : runs CMD in the namespace in the background and remembers its pid for
# lab_cleanup; the pid is ${LAB_PIDS[-1]} afterwards. Call it directly, never inside $(...): a subshell's
# LAB_PIDS is lost, and its process would outlive the lab.
lab_spawn() {
  local log=$1 name=$2; shift 2
  ip netns exec "$(lab_ns "$name")" "$@" >"$log" 2>&1 &
  LAB_PIDS+=("$!")
}

# lab_wait SECONDS DESCRIPTION CMD... : polls CMD every 50 ms until it succeeds or the deadline passes
lab_wait() {
  local max=$1 what=$2; shift 2
  local deadline=$(( $(date +%s%N) + max * 1000000000 ))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s%N)" -gt "$deadline" ]; then echo "timed out after ${max}s waiting for: $what" >&2; return 1; fi
    sleep 0.05
  done
}

lab_has_addr() { ip -n "$(lab_ns "$1")" -o addr show dev eth0 | grep -q " $2/"; }
