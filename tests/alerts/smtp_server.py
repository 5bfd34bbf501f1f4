"""A real SMTP server on loopback for the delivery tests (aiosmtpd), not a mock."""

import socket
import warnings
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """Keeps every message accepted; refuses recipients whose address starts with 'refuse'."""

    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def keys(self) -> list[str]:
        return [m["X-Contractops-Key"] for _, _, m in self.messages]


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.recorder = Recorder()
        self._controller = None

    def start(self) -> "SmtpServer":
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def self_signed_certificate(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1 / localhost and its key, as PEM files in `folder`."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = f"{folder}/smtp-cert.pem", f"{folder}/smtp-key.pem"
    with open(cert_path, "wb") as out:
        out.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    return cert_path, key_path


AUTH_WITHOUT_STARTTLS_WARNING = "Requiring AUTH while not requiring TLS"


class _ImplicitTlsController(Controller):
    """For a server that is TLS from the first byte (port 465). aiosmtpd's `auth_require_tls`
    means "STARTTLS before AUTH"; on an implicit-TLS socket there is no STARTTLS, so it must be
    False, and aiosmtpd then warns that AUTH could go in clear. Here it cannot (the socket is
    encrypted before the greeting), so this one warning is silenced for the server this test
    builds, and only for it; any other warning still goes out."""

    def factory(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            server = super().factory()
        for warning in caught:
            if not str(warning.message).startswith(AUTH_WITHOUT_STARTTLS_WARNING):
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        return server


class TlsSmtpServer(SmtpServer):
    """A server that demands TLS before AUTH and before mail: STARTTLS on a plain port, or
    (implicit=True) TLS from the first byte, as on port 465. Accepts one user and password and
    records every login attempt and whether the session was encrypted."""

    def __init__(self, cert_path: str, key_path: str, user: str, password: str, implicit: bool = False):
        super().__init__()
        import ssl

        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert_path, key_path)
        self.implicit = implicit
        self.user, self.password = user, password
        self.logins: list[tuple[str, bool]] = []   # (user, accepted)
        self.encrypted_sessions: list[bool] = []

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == self.user
              and auth_data.password.decode() == self.password)
        self.logins.append((auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?", ok))
        return AuthResult(success=ok)

    def start(self) -> "TlsSmtpServer":
        recorder, encrypted = self.recorder, self.encrypted_sessions
        original = recorder.handle_DATA

        async def handle_DATA(server, session, envelope):
            encrypted.append(session.ssl is not None
                             or server.transport.get_extra_info("ssl_object") is not None)
            return await original(server, session, envelope)

        recorder.handle_DATA = handle_DATA
        if self.implicit:
            # TLS from the first byte, so AUTH is never in clear: see _ImplicitTlsController.
            self._controller = _ImplicitTlsController(
                recorder, hostname="127.0.0.1", port=self.port, ssl_context=self.context,
                authenticator=self._authenticate, auth_required=True, auth_require_tls=False)
        else:
            self._controller = Controller(recorder, hostname="127.0.0.1", port=self.port,
                                          tls_context=self.context, require_starttls=True,
                                          authenticator=self._authenticate, auth_required=True)
        self._controller.start()
        return self
