#!/usr/bin/env python3
"""A real SMTP relay on loopback for the server's tests (Python's aiosmtpd).

    smtp_relay.py --store DIR [--delay SECONDS] [--hold N]
                  [--starttls CERT KEY | --smtps CERT KEY] [--auth USER PASSWORD]

Listens on 127.0.0.1 on a port of the system's choosing and prints
"ready PORT" once it accepts connections. Every message it receives is
written to DIR as NNNNN.eml (the raw message, its Message-ID included)
before the relay answers, so a message is "delivered" from then on whether
or not the sender hears the answer.

--delay SECONDS  waits that long after storing each message before answering
                 250 (a slow relay).
--hold N         the N-th message is stored, its number written to DIR/HELD,
                 and its answer held until the sender goes away (at most 60 s):
                 a send under way for as long as the test needs.
--starttls CERT KEY  offers STARTTLS with that certificate and requires it
                 before MAIL FROM.
--smtps CERT KEY     TLS from the first byte (implicit TLS, as on port 465).
--auth USER PASSWORD requires SMTP AUTH (PLAIN or LOGIN, over TLS only) with
                 these credentials before MAIL FROM; every attempt is logged to
                 DIR/AUTH as "ok USER" or "refused USER".
"""

import argparse
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Store:
    def __init__(self, store, delay, hold):
        self.store = store
        self.delay = delay
        self.hold = hold
        self.count = 0

    def write(self, name, data):
        tmp = os.path.join(self.store, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(self.store, name))

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        n = self.count
        self.write("%05d.eml" % n, envelope.original_content or envelope.content)
        if n == self.hold:
            self.write("HELD", b"%d" % n)
            # Cancelled by aiosmtpd when the sender's connection goes away.
            await asyncio.sleep(60)
        elif self.delay > 0:
            await asyncio.sleep(self.delay)
        return "250 2.0.0 Ok: queued"


class Authenticator:
    def __init__(self, store, user, password):
        self.log = os.path.join(store, "AUTH")
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = auth_data.login == self.user and auth_data.password == self.password
        with open(self.log, "a") as f:
            f.write("%s %s %s\n" % ("ok" if ok else "refused", mechanism, auth_data.login.decode(errors="replace")))
        return AuthResult(success=ok, handled=False)


def tls_context(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--store", required=True)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--hold", type=int, default=0)
    p.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--smtps", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--auth", nargs=2, metavar=("USER", "PASSWORD"))
    a = p.parse_args()
    os.makedirs(a.store, exist_ok=True)
    handler = Store(a.store, a.delay, a.hold)
    starttls = tls_context(*a.starttls) if a.starttls else None
    implicit = tls_context(*a.smtps) if a.smtps else None
    authenticator = Authenticator(a.store, *a.auth) if a.auth else None
    loop = asyncio.get_running_loop()

    def factory():
        return SMTP(
            handler,
            hostname="relay.test",
            tls_context=starttls,
            require_starttls=starttls is not None,
            timeout=30,
            authenticator=authenticator,
            auth_required=authenticator is not None,
            auth_require_tls=True,
            loop=loop,
        )

    server = await loop.create_server(factory, "127.0.0.1", 0, ssl=implicit)
    print("ready %d" % server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
