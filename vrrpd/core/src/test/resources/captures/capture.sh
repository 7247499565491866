#!/usr/bin/env bash
# Reproduces the keepalived advertisement captures used by KeepalivedCaptureTest (documentation only: the
# tests read the committed pcap files and never run this script).
#
# Needs root, iproute2, keepalived (Debian 12: 2.2.7) and tcpdump. For each case it creates a private network
# namespace holding a veth pair, runs keepalived on one end with its own config, captures a few adverts on
# the other end, then kills keepalived by pid and deletes the namespace. Addresses: 192.0.2.0/24, 2001:db8::/32
# and fe80::/64 only.
#
#   usage: sudo ./capture.sh [output-dir [name...]]   (default: the directory of this script, every capture)
set -euo pipefail

out=$(cd "${1:-$(dirname "$0")}" && pwd)
only=" ${*:2} "
prefix="vtwire$$-"
work=$(mktemp -d)
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 0.5
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    for ns in $(ip netns list | awk -v p="$prefix" 'index($1, p) == 1 {print $1}'); do ip netns del "$ns"; done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# capture NAME PACKETS CONFIG-BODY: two namespaces joined by a veth pair; keepalived runs on veth0
# (192.0.2.1, fe80::1) in the first, tcpdump listens on veth1 (192.0.2.2, fe80::2) in the second
capture() {
    local name=$1 count=$2 body=$3
    if [ "$only" != "  " ] && [[ "$only" != *" $name "* ]]; then return 0; fi
    local ns="${prefix}${name}" peer="${prefix}${name}-p"
    ip netns add "$ns"
    ip netns add "$peer"
    ip -n "$ns" link add veth0 type veth peer name veth1 netns "$peer"
    for n in "$ns:veth0" "$peer:veth1"; do
        ip -n "${n%%:*}" link set "${n#*:}" addrgenmode none
        ip netns exec "${n%%:*}" sysctl -qw "net.ipv6.conf.${n#*:}.accept_dad=0"
    done
    ip -n "$ns" link set veth0 address 02:00:00:00:00:01
    ip -n "$peer" link set veth1 address 02:00:00:00:00:02
    ip -n "$ns" addr add 192.0.2.1/24 dev veth0
    ip -n "$ns" addr add fe80::1/64 dev veth0 nodad
    ip -n "$ns" addr add 2001:db8::1/64 dev veth0 nodad
    ip -n "$peer" addr add 192.0.2.2/24 dev veth1
    ip -n "$peer" addr add fe80::2/64 dev veth1 nodad
    ip -n "$ns" link set lo up
    ip -n "$ns" link set veth0 up
    ip -n "$peer" link set veth1 up

    printf '%s\n' "$body" > "$work/$name.conf"
    ip netns exec "$peer" tcpdump -i veth1 -U -c "$count" -w "$out/$name.pcap" 'ip proto 112 or ip proto 51 or ip6 proto 112' \
        2>"$work/$name.tcpdump.log" &
    local tcpdump_pid=$!
    pids+=("$tcpdump_pid")
    ip netns exec "$ns" keepalived -f "$work/$name.conf" -n -l -D -P \
        -p "$work/$name.pid" -r "$work/$name.vrrp.pid" >"$work/$name.keepalived.log" 2>&1 &
    local keepalived_pid=$!
    pids+=("$keepalived_pid")

    # wait (bounded) for tcpdump to collect its packets
    local deadline=$((SECONDS + 30))
    while kill -0 "$tcpdump_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill "$keepalived_pid" 2>/dev/null || true
    wait "$keepalived_pid" 2>/dev/null || true
    if kill -0 "$tcpdump_pid" 2>/dev/null; then
        kill "$tcpdump_pid"; echo "$name: timed out" >&2; cat "$work/$name.keepalived.log" >&2; return 1
    fi
    ip netns del "$ns"
    ip netns del "$peer"
    echo "$name: $(tcpdump -r "$out/$name.pcap" 2>/dev/null | wc -l) packets"
}

# v3 over IPv4, keepalived's default checksum (with the IPv4 pseudo-header)
capture v3-ipv4-pseudo-header 4 '
global_defs { vrrp_version 3 }
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 51
    priority 200
    advert_int 0.5
    virtual_ipaddress { 192.0.2.100/24
                        192.0.2.101/24 }
}'

# v3 over IPv4, unicast to a peer: the pseudo-header carries the real destination, not the group.
# (keepalived 2.2.7 has no v3_checksum_as_v2, added in 2.3, so no message-only v3 capture comes from it.)
capture v3-ipv4-unicast 4 '
global_defs { vrrp_version 3 }
vrrp_instance VI_1 {
    state MASTER
    interface veth0
    virtual_router_id 52
    priority 150
    advert_int 1
    unicast_src_ip 192.0.2.1
    unicast_peer { 192.0.2.2 }
    virtual_ipaddress { 192.0.2.110/24 }
}'

# v3 over IPv6 (RFC 8200 pseudo-header); the first VIP is link-local as RFC 9568 requires
capture v3-ipv6 4 '
global_defs { vrrp_version 3 }
vrrp_instance VI_6 {
    state MASTER
    interface veth0
    virtual_router_id 61
    priority 120
    advert_int 0.25
    virtual_ipaddress { fe80::100/64
                        2001:db8::100/64 }
}'

# v2 over IPv4, no authentication
capture v2-ipv4 3 '
global_defs { vrrp_version 2 }
vrrp_instance VI_2 {
    state MASTER
    interface veth0
    virtual_router_id 21
    priority 100
    advert_int 1
    virtual_ipaddress { 192.0.2.120/24
                        192.0.2.121/24
                        192.0.2.122/24 }
}'

# v2 over IPv4 with simple-password authentication
capture v2-ipv4-simple-password 3 '
global_defs { vrrp_version 2 }
vrrp_instance VI_3 {
    state MASTER
    interface veth0
    virtual_router_id 22
    priority 90
    advert_int 1
    authentication { auth_type PASS
                     auth_pass s3cret }
    virtual_ipaddress { 192.0.2.130/24 }
}'

# v2 with a simple password longer than 8 characters: keepalived truncates it to the first 8 bytes
capture v2-ipv4-long-password 3 '
global_defs { vrrp_version 2 }
vrrp_instance VI_4 {
    state MASTER
    interface veth0
    virtual_router_id 23
    priority 110
    advert_int 1
    authentication { auth_type PASS
                     auth_pass 0123456789abc }
    virtual_ipaddress { 192.0.2.140/24
                        192.0.2.141/24 }
}'

# v2 with IPsec-AH authentication (IP protocol 51, next header 112, HMAC-MD5-96 keyed with auth_pass)
capture v2-ipv4-ah 3 '
global_defs { vrrp_version 2 }
vrrp_instance VI_5 {
    state MASTER
    interface veth0
    virtual_router_id 24
    priority 120
    advert_int 1
    authentication { auth_type AH
                     auth_pass s3cret }
    virtual_ipaddress { 192.0.2.150/24
                        192.0.2.151/24 }
}'

# v2 with AH and a key longer than 8 characters (keepalived keys the HMAC with the first 8 bytes)
capture v2-ipv4-ah-long-key 3 '
global_defs { vrrp_version 2 }
vrrp_instance VI_6 {
    state MASTER
    interface veth0
    virtual_router_id 25
    priority 130
    advert_int 1
    authentication { auth_type AH
                     auth_pass 0123456789abc }
    virtual_ipaddress { 192.0.2.160/24 }
}'

# v2 with AH over unicast: keepalived also zeroes the TTL in the HMAC input
capture v2-ipv4-ah-unicast 3 '
global_defs { vrrp_version 2 }
vrrp_instance VI_7 {
    state MASTER
    interface veth0
    virtual_router_id 26
    priority 140
    advert_int 1
    unicast_src_ip 192.0.2.1
    unicast_peer { 192.0.2.2 }
    authentication { auth_type AH
                     auth_pass s3cret }
    virtual_ipaddress { 192.0.2.170/24 }
}'
