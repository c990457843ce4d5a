"""Shoper App Store's signing, as the stand-in's callers need it: the `hash`
field is the HMAC-SHA512, under the App Store secret, of every other field
sorted by name and joined as k=v&..."""
import hashlib
import hmac
import pathlib


def read_secret(secret_file):
    return pathlib.Path(secret_file).read_text().strip()


def signed(fields, secret):
    """Returns `fields` with their `hash` added."""
    text = "&".join(f"{name}={fields[name]}" for name in sorted(fields))
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()
    return {**fields, "hash": digest}
