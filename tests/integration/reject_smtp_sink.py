"""An SMTP server for tests that refuses every recipient for good.

Usage: /usr/bin/python3 reject_smtp_sink.py PORT

Answers "550 5.1.1 mailbox unavailable" to every RCPT TO, so a client sees a
permanent (5xx) failure. Listens on 127.0.0.1 only; stops on SIGTERM.
"""
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class RejectEveryRecipient:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 <%s>: mailbox unavailable" % address


def main():
    port = int(sys.argv[1])
    controller = Controller(RejectEveryRecipient(), hostname="127.0.0.1", port=port)
    controller.start()
    print("reject_smtp_sink listening on 127.0.0.1:%d" % port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
