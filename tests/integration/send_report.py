"""Hands one message to an SMTP or LMTP server, as an MTA forwarding a bounce
would, and prints the server's reply code to the data (or to the first
command it refused).

Usage: /usr/bin/python3 send_report.py PORT smtp|lmtp RECIPIENT MESSAGE_FILE
Connects to 127.0.0.1 only.
"""
import smtplib
import sys


def main():
    port, protocol, recipient, path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    with open(path, "rb") as message_file:
        message = message_file.read()
    client = smtplib.LMTP("127.0.0.1", port) if protocol == "lmtp" else smtplib.SMTP(
        "127.0.0.1", port, timeout=30)
    try:
        refused = client.sendmail("", [recipient], message)
        print(250 if not refused else refused[recipient][0])
    except smtplib.SMTPResponseException as error:
        print(error.smtp_code)
    except smtplib.SMTPRecipientsRefused as error:
        print(error.recipients[recipient][0])
    finally:
        try:
            client.quit()
        except smtplib.SMTPException:
            pass


if __name__ == "__main__":
    main()
