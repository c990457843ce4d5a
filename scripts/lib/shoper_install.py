#!/usr/bin/env python3
"""Installs the Opinus app into the stand-in Shoper as Shoper's App Store
would: posts a signed `install` callback (shoper_signing.py) to the gateway's POST /shoper/appstore, then waits
until the core has registered its webhook in the stand-in, and prints that
webhook's URL.

shoper_install.py GATEWAY_URL SHOPER_URL LICENCE AUTH_CODE APPSTORE_SECRET_FILE
"""
import json
import sys
import time
import urllib.parse
import urllib.request

from shoper_signing import read_secret, signed

gateway, shoper, licence, auth_code, secret_file = sys.argv[1:6]
fields = signed({
    "action": "install",
    "shop": licence,
    "shop_url": shoper,
    "application_code": "opinus",
    "application_version": "1",
    "auth_code": auth_code,
    "timestamp": str(int(time.time())),
}, read_secret(secret_file))
request = urllib.request.Request(
    gateway + "/shoper/appstore", method="POST",
    data=urllib.parse.urlencode(fields).encode(),
    headers={"Content-Type": "application/x-www-form-urlencoded"})
with urllib.request.urlopen(request, timeout=10) as response:
    if response.status != 200:
        sys.exit(f"shoper_install: the gateway answered {response.status}")

# The core connects the install within a few seconds: tokens, settings, then
# our webhook, which the stand-in lists.
for _ in range(150):
    with urllib.request.urlopen(shoper + "/stand-in/webhooks", timeout=10) as response:
        webhooks = json.load(response)
    if webhooks:
        print(webhooks[-1]["url"])
        sys.exit(0)
    time.sleep(0.2)
sys.exit("shoper_install: no webhook registered in 30 s; see var/log/server.log")
