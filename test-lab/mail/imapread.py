#!/usr/bin/python3
"""Reads mail over IMAP for the lab client: logs in (STARTTLS on 143, or IMAPS on 993), finds the newest
message in INBOX whose Subject contains the given text, prints it and exits 0; exits 1 when none is found
within --wait seconds, 2 on a connection or login error.

  imapread.py --host mail.lab.test --user alice@lab.test --password PW [--subject TEXT] [--imaps]
              [--cafile CERT] [--wait SECONDS] [--headers-only]
"""
import argparse
import imaplib
import ssl
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--subject", default="")
    ap.add_argument("--imaps", action="store_true")
    ap.add_argument("--cafile")
    ap.add_argument("--wait", type=float, default=0)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--headers-only", action="store_true")
    a = ap.parse_args()

    ctx = ssl.create_default_context(cafile=a.cafile) if a.cafile else ssl._create_unverified_context()
    deadline = time.monotonic() + a.wait
    try:
        if a.imaps:
            imap = imaplib.IMAP4_SSL(a.host, 993, ssl_context=ctx, timeout=a.timeout)
        else:
            imap = imaplib.IMAP4(a.host, 143, timeout=a.timeout)
            imap.starttls(ssl_context=ctx)
        imap.login(a.user, a.password)
    except (OSError, imaplib.IMAP4.error) as e:
        print(f"imapread: {e}", file=sys.stderr)
        return 2
    try:
        while True:
            imap.select("INBOX")
            crit = ("SUBJECT", f'"{a.subject}"') if a.subject else ("ALL",)
            typ, data = imap.search(None, *crit)
            ids = data[0].split() if typ == "OK" and data[0] else []
            if ids:
                part = "(BODY.PEEK[HEADER])" if a.headers_only else "(BODY.PEEK[])"
                typ, msg = imap.fetch(ids[-1], part)
                sys.stdout.write(msg[0][1].decode("utf-8", "replace"))
                return 0
            if time.monotonic() >= deadline:
                print(f"imapread: no message with subject {a.subject!r} for {a.user}", file=sys.stderr)
                return 1
            time.sleep(0.2)
    finally:
        try:
            imap.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


if __name__ == "__main__":
    sys.exit(main())
