#!/usr/bin/env python3
"""Prints the Opinus app's page as Shoper's admin panel opens it for a shop:
GET /shoper/app with `shop`, `place`, `translations` and `timestamp` signed
under the App Store secret. The link is valid for the core's
--appstore_max_age after it is made, so make a fresh one each time.

shoper_app_page.py GATEWAY_URL LICENCE APPSTORE_SECRET_FILE
"""
import sys
import time
import urllib.parse

from shoper_signing import read_secret, signed

gateway, licence, secret_file = sys.argv[1:4]
fields = {
    "shop": licence,
    "place": "app",
    "translations": "pl_PL",
    "timestamp": str(int(time.time())),
}
print(f"{gateway}/shoper/app?"
      + urllib.parse.urlencode(signed(fields, read_secret(secret_file))))
