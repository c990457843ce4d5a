#!/usr/bin/env python3
"""Makes sure the demo owner exists and owns a demo shop, through the gateway's
owner API (the way an owner's script would), and prints "SHOP_ID KEY".

demo_owner.py BASE_URL EMAIL PASSWORD
"""
import http.cookiejar
import json
import sys
import urllib.error
import urllib.request

base, email, password = sys.argv[1:4]
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
