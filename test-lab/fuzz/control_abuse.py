#!/usr/bin/env python3
"""Abuses vrrpd's control socket (JSON lines over AF_UNIX) and prints each reply as JSON.

  control_abuse.py SOCKET all                 garbage, binary, huge, unknown, malformed requests, idle connections
  control_abuse.py SOCKET request JSON_LINE   one raw request (e.g. as an unprivileged user)
Standard library only.
"""
import json
import socket
import sys


def exchange(path, payload, timeout=5.0):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(path)
    except OSError as e:
        return {"connect_error": e.strerror}
    try:
        try:
            s.sendall(payload)
        except OSError:
            pass  # the daemon may refuse and close before a huge request is fully sent; read its reply
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return json.loads(data.decode("utf-8", "replace")) if data else {"closed_without_reply": True}
    except (OSError, ValueError) as e:
        return {"error": str(e)}
    finally:
        s.close()


def main():
    path, mode = sys.argv[1], sys.argv[2]
    if mode == "request":
        print(json.dumps(exchange(path, sys.argv[3].encode() + b"\n")))
        return
    cases = {
        "garbage": b"hello vrrpd\n",
        "binary": bytes(range(256)).replace(b"\n", b"") + b"\n",
        "json_not_object": b"[1,2,3]\n",
        "no_command": b'{"args":{}}\n',
        "command_not_string": b'{"command":42}\n',
        "args_not_object": b'{"command":"status","args":"x"}\n',
        "unknown_command": b'{"command":"rm -rf /"}\n',
        "maintenance_without_on": b'{"command":"maintenance","args":{}}\n',
        "maintenance_unknown_instance": b'{"command":"maintenance","args":{"on":true,"instance":"nope"}}\n',
        "deeply_nested": b'{"command":"status","args":' + b'{"a":' * 5000 + b'1' + b'}' * 5000 + b'}\n',
        "huge": b'{"command":"status","pad":"' + b"x" * (1 << 20) + b'"}\n',
    }
    out = {name: exchange(path, payload) for name, payload in cases.items()}
    idle = []
    for _ in range(200):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        idle.append(s)
    for s in idle:
        s.close()
    out["idle_connections_opened_and_closed"] = len(idle)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
