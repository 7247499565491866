# Shared by the mail lab scripts (sourced, not run). Names, addresses and small helpers.
# shellcheck shell=bash disable=SC2034  # the names are used by the scripts that source this file

MAIL_LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_STATE=${LAB_STATE:-/run/vrrpd-lab}

NET4=192.0.2
NET6=2001:db8:1
VIP4=$NET4.10
VIP6=$NET6::10
DOMAIN=lab.test           # the mail domain and the lab's DNS zone (RFC 6761 .test)
PARTNER=partner.test      # a second domain whose SPF authorises only the client's DHCP pool
VIP_NAME=mail.$DOMAIN
HOSTS=(mail01 mail02 storage01 client)   # order = veth number = last byte of the MAC
declare -A IP4=([mail01]=$NET4.11 [mail02]=$NET4.12 [storage01]=$NET4.20 [client]="")
declare -A IP6=([mail01]=$NET6::11 [mail02]=$NET6::12 [storage01]=$NET6::20 [client]=$NET6::100)
POOL_FIRST=$NET4.100
POOL_LAST=$NET4.150
# SPF for $PARTNER: exactly the addresses the client can hold, the pool .100-.150 and its static IPv6.
POOL_SPF="ip4:$NET4.100/30 ip4:$NET4.104/29 ip4:$NET4.112/28 ip4:$NET4.128/28 ip4:$NET4.144/30"
POOL_SPF="$POOL_SPF ip4:$NET4.148/31 ip4:$NET4.150 ip6:${IP6[client]}"
VMAIL_UID=8               # Debian's "mail" user owns the mailboxes on the store
VMAIL_GID=8

log() { printf '%s [mail-lab] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.1 s until it succeeds or the time is up.
wait_until() {
  local max=$1 what=$2; shift 2
  local end=$((SECONDS + max)) 
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= end)); then log "timed out after ${max}s waiting for $what"; return 1; fi
    sleep 0.1
  done
}

# listening NS PORT [tcp|udp]: true when something in namespace NS listens on PORT.
listening() {
  local ns=$1 port=$2 proto=${3:-tcp} flag=-ltnH
  [ "$proto" = udp ] && flag=-lunH
  ip netns exec "$ns" ss $flag "sport = :$port" 2>/dev/null | grep -q .
}

# The env file of a prefix, and loading it (sets LAB_* variables).
env_file() { echo "$LAB_STATE/${1}env"; }
load_env() {
  local f; f=$(env_file "$1")
  [ -r "$f" ] || die "no lab with prefix '$1' (missing $f)"
  # shellcheck disable=SC1090
  . "$f"
}

# resolve_prefix ARGS...: the first argument is the prefix unless it is one of the words in KNOWN_WORDS;
# otherwise LAB_PREFIX, otherwise the only lab that has an env file. Sets PREFIX and SHIFT (0 or 1).
resolve_prefix() {
  local first=${1:-}
  SHIFT=0
  if [ -n "$first" ] && [ -r "$(env_file "$first")" ]; then PREFIX=$first; SHIFT=1; return; fi
  if [ -n "${LAB_PREFIX:-}" ]; then PREFIX=$LAB_PREFIX; return; fi
  local envs=("$LAB_STATE"/*env)
  [ ${#envs[@]} -eq 1 ] && [ -r "${envs[0]}" ] || die "give the lab prefix (or set LAB_PREFIX)"
  PREFIX=$(basename "${envs[0]}"); PREFIX=${PREFIX%env}
}

# pid_start PID: the process's start time (clock ticks since boot), to tell a pid from a reused one; empty
# when there is no such process or it is a zombie (already dead, not yet reaped by its new parent).
pid_start() { awk '{ sub(/^.*\) /, ""); if ($1 != "Z" && $1 != "X") print $20 }' "/proc/$1/stat" 2>/dev/null; }
