"""Runs an aiosmtpd handler of a test SMTP server until SIGTERM or SIGINT.

Shared by the test sinks next to it, which import it from their own folder.
"""
import signal
import threading

from aiosmtpd.controller import Controller


def serve(handler, name, port):
    """Serves `handler` on 127.0.0.1:`port` and says so on stdout (the tests
    wait for that line) until the process is asked to stop."""
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print("%s listening on 127.0.0.1:%d" % (name, port), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()
