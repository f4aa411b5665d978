"""A real SMTP server on loopback for the tests (Debian's python3-aiosmtpd).

Stores every accepted message, byte for byte, as NNNNNN.eml in --dir. Recipients whose local part
starts with "reject-" get a permanent 550, those starting with "busy-" a transient 451, and those
starting with "drop-" make the server hang up on the client mid-transaction.
Counts the connections it accepts in --dir/connections (one line per connection).
With --user and --password it requires AUTH (PLAIN or LOGIN, over plain text: loopback only).
Prints "ready" once it listens; stops on SIGTERM.
"""
import argparse
import asyncio
import itertools
import os
import signal
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local.startswith("reject-"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local.startswith("busy-"):
            return "451 4.3.0 Mailbox busy, try again later"
        if local.startswith("drop-"):
            server.transport.close()
            return "250 OK"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.folder, "%06d.eml" % next(self.counter))
        with open(name + ".part", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(name + ".part", name)
        return "250 Message accepted for delivery"


class CountingSMTP(SMTP):
    def __init__(self, handler, folder, **kwargs):
        super().__init__(handler, **kwargs)
        self.folder = folder

    counting = False

    def connection_made(self, transport):
        if CountingSMTP.counting and self.transport is None:
            with open(os.path.join(self.folder, "connections"), "a") as f:
                f.write("connection\n")
        super().connection_made(transport)


class CountingController(Controller):
    def __init__(self, handler, folder, **kwargs):
        self.folder = folder
        super().__init__(handler, **kwargs)

    def factory(self):
        return CountingSMTP(self.handler, self.folder, **self.SMTP_kwargs)


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False)
    return check


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    existing = len([f for f in os.listdir(args.dir) if f.endswith(".eml")])
    handler = Handler(args.dir)
    handler.counter = itertools.count(existing + 1)
    kwargs = {}
    warnings.simplefilter("ignore")
    if args.user:
        kwargs = dict(auth_required=True, auth_require_tls=False, authenticator=authenticator(args.user, args.password or ""))
    controller = CountingController(handler, args.dir, hostname="127.0.0.1", port=args.port, **kwargs)
    controller.start()
    # Controller.start() opens a connection of its own to check the server is up: count only the clients'.
    CountingSMTP.counting = True
    print("ready", flush=True)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
