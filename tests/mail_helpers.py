"""A real SMTP server on loopback for the tests that read what the application sent
(aiosmtpd, from the test extras): the `smtp_server` fixture points the application at it."""
import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    """What the server received: one parsed message per envelope, in order."""

    messages: list = field(default_factory=list)
    port: int = 0
    refuse: bool = False  # answer every message with 451 (a server that is down for now)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        if self.refuse:
            return "451 4.3.0 Thử lại sau"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        if message["Subject"] is not None:  # a long subject comes folded: as people read it
            message.replace_header("Subject", " ".join(str(message["Subject"]).split()))
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        """The messages sent to `address`."""
        return [m for m in self.messages if address.lower() in
                [a.lower() for a in m.envelope_to]]

    @staticmethod
    def text(message) -> str:
        return message.get_body(("plain",)).get_content()


@pytest.fixture
def smtp_server(app):
    """An SMTP server on a free loopback port, with the application sending to it."""
    received = Received(port=free_port())
    controller = Controller(received, hostname="127.0.0.1", port=received.port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=received.port, MAIL_USE_TLS=False)
    try:
        yield received
    finally:
        controller.stop()
        app.config["MAIL_SERVER"] = None
