"""An SMTP server for tests that refuses every recipient for good.

Usage: /usr/bin/python3 reject_smtp_sink.py PORT

Answers "550 5.1.1 mailbox unavailable" to every RCPT TO, so a client sees a
permanent (5xx) failure. Listens on 127.0.0.1 only; stops on SIGTERM.
"""
import sys

from smtp_sink_server import serve


class RejectEveryRecipient:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 <%s>: mailbox unavailable" % address


def main():
    serve(RejectEveryRecipient(), "reject_smtp_sink", int(sys.argv[1]))


if __name__ == "__main__":
    main()
