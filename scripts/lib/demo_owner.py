#!/usr/bin/env python3
"""Makes sure the demo owner exists, has confirmed their e-mail and owns a demo
shop, through the gateway's owner API (the way an owner's script would), and
prints "SHOP_ID KEY". The confirmation link is read from the mail the local
SMTP sink stored under MAILDIR.

demo_owner.py BASE_URL EMAIL PASSWORD MAILDIR
"""
import email as email_parser
import http.cookiejar
import json
import pathlib
import re
import sys
import time
import urllib.error
import urllib.request

base, email, password, maildir = sys.argv[1:5]
opener = urllib.request.build_opener(
    urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def call(method, path, body=None, csrf=""):
    request = urllib.request.Request(
        base + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


credentials = {"email": email, "password": password}
# Log in first: only the first run signs up (sign-ups are rate-limited).
status, session = call("POST", "/v1/session", credentials)
if status == 401:
    status, session = call("POST", "/v1/accounts", credentials)
if status != 200:
    sys.exit(f"demo owner: log-in or sign-up answered {status}: {session}")


def confirmation_link():
    """The newest confirmation link mailed to the demo owner, or None."""
    newest = None
    for path in sorted(pathlib.Path(maildir, "new").glob("*"), key=lambda p: p.stat().st_mtime):
        mail = email_parser.message_from_bytes(path.read_bytes())
        if mail["To"] != f"<{email}>" or mail.is_multipart():
            continue
        found = re.search(r"https?://\S+/panel/confirm/[A-Za-z0-9_-]+",
                          mail.get_payload(decode=True).decode())
        newest = found.group(0) if found else newest
    return newest


if "email_confirm_time" not in session["owner"]:
    # The sink stores the mail within moments of the sign-up.
    for _ in range(50):
        link = confirmation_link()
        if link:
            break
        time.sleep(0.1)
    if not link:
        sys.exit(f"demo owner: no confirmation mail for {email} under {maildir}/new")
    path = link[link.index("/panel/confirm/"):]
    try:
        with opener.open(base + path, timeout=10) as response:
            pass
    except urllib.error.HTTPError as error:
        sys.exit(f"demo owner: the confirmation link answered {error.code}")
status, listed = call("GET", "/v1/shops")
shops = listed.get("shops", []) if status == 200 else []
if shops:
    shop = shops[0]
else:
    status, shop = call("POST", "/v1/shops",
                        {"name": "Sklep demo", "domain": "sklep-demo.shoparena.pl"},
                        session["csrf_token"])
    if status != 200:
        sys.exit(f"demo owner: adding the shop answered {status}: {shop}")
call("DELETE", "/v1/session", csrf=session["csrf_token"])
print(shop["id"], shop["webhook_key"])
