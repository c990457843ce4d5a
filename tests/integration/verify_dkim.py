"""Verifies the DKIM signature of one stored mail with python3-dkim, an
implementation independent of ours, the public key given instead of DNS.

    verify_dkim.py MAIL PUBLIC_KEY_BASE64_FILE

Prints "verified" and the signed header list (h=) and exits 0, or prints
why not and exits 1.
"""
import sys

import dkim


def main():
    with open(sys.argv[1], "rb") as mail_file:
        # As on the wire, whatever line ends a sink stored it with.
        mail = mail_file.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with open(sys.argv[2], "rb") as key_file:
        record = b"v=DKIM1; k=rsa; p=" + key_file.read().strip()
    verifier = dkim.DKIM(mail)
    try:
        ok = verifier.verify(dnsfunc=lambda name, timeout=5: record)
    except dkim.ValidationError as error:
        print("not verified:", error)
        return 1
    signature = dkim.util.parse_tag_value(
        [v for (k, v) in verifier.headers if k.lower() == b"dkim-signature"][0])
    print("verified" if ok else "not verified", signature[b"h"].decode())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
