"""An SMTP sink for tests that records on which connection each mail came and
how many mails were in flight at once.

Usage: /usr/bin/python3 counting_smtp_sink.py PORT LOG

Accepts every mail and appends one line to LOG for each:
"<client port> <mails in flight> <Message-ID>", where the mails in flight are
those between their MAIL FROM and the end of their DATA when this one's DATA
ended. Each DATA is answered after a short pause, so that the sends of a
client with several connections overlap. Listens on 127.0.0.1 only; stops on
SIGTERM.
"""
import asyncio
import sys
from email.parser import BytesHeaderParser

from smtp_sink_server import serve


class CountingHandler:
    def __init__(self, log):
        self.log = log
        self.in_flight = 0

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.in_flight += 1
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.02)
        message_id = BytesHeaderParser().parsebytes(envelope.content).get("Message-ID", "")
        self.log.write("%d %d %s\n" % (session.peer[1], self.in_flight, message_id.strip()))
        self.log.flush()
        self.in_flight -= 1
        return "250 OK"


def main():
    port = int(sys.argv[1])
    with open(sys.argv[2], "a") as log:
        serve(CountingHandler(log), "counting_smtp_sink", port)


if __name__ == "__main__":
    main()
