"""Delivering messages by SMTP, or as .eml files in an outbox folder when no SMTP host is set.

Reusable by any domain (SLA alerts, renewal reminders): each message carries a stable key, and
`deliver` reports per message whether it went out. Nothing is sent twice: a key already
recorded as delivered in the warehouse's ledger (`<warehouse>.delivered.jsonl`, beside the
published file, so it survives a run that was not published and every atomic publish, and is
never shared by two warehouses writing to one outbox) is skipped, even if the caller's own state
(a warehouse that did not get published) forgot it. Nothing is lost: a
failure (server down, recipient refused) is returned as an error for the caller to keep pending
and offer again on a later run.

Settings come from `contractops.settings` (smtp_host, smtp_port, smtp_from, smtp_to, smtp_user,
smtp_password, outbox_dir); this module never reads the environment itself.
"""

from __future__ import annotations

import json
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from contractops.settings import Settings

LEDGER_SUFFIX = ".delivered.jsonl"
SMTP_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class InlineImage:
    """An image the HTML part shows inline: `<img src="cid:{cid}">`."""

    cid: str  # Content-ID without the angle brackets, e.g. "chart.2026-W47@contractops"
    data: bytes
    subtype: str = "png"
    filename: str | None = None


@dataclass(frozen=True)
class Message:
    key: str  # stable across runs: the same key is delivered at most once
    subject: str
    body: str
    to: tuple[str, ...] = ()  # empty: settings.smtp_to
    headers: dict[str, str] = field(default_factory=dict)
    # optional HTML alternative to `body`, with the images it shows inline (multipart/related)
    html: str | None = None
    inline_images: tuple[InlineImage, ...] = ()
    # further keys this message delivers (a digest's items): recorded in the ledger with it, so
    # a later digest (another set of items, so another key) leaves out what already went
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeliveryResult:
    key: str
    delivered: bool
    delivered_at: datetime | None = None
    channel: str | None = None  # "smtp" | "outbox"
    location: str | None = None  # the .eml path, or "host:port"
    error: str | None = None
    already_delivered: bool = False  # found in the ledger: not sent again


def _safe_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", key).strip("_")[:180] or "message"


def ledger_path(settings: Settings) -> Path:
    """The delivery ledger of this warehouse: beside the published file, one per warehouse."""
    return settings.warehouse_path.with_name(settings.warehouse_path.name + LEDGER_SUFFIX)


def delivered_keys(settings: Settings) -> dict[str, str]:
    """key -> delivered_at (ISO) for every message the ledger records as delivered."""
    path = ledger_path(settings)
    found: dict[str, str] = {}
    if not path.exists():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a crash: the message will simply be offered again
        found.setdefault(record["key"], record["delivered_at"])
    return found


def _record(settings: Settings, result: DeliveryResult, covers: tuple[str, ...] = ()) -> None:
    path = ledger_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(
            {
                "key": key,
                "delivered_at": result.delivered_at.isoformat(),
                "channel": result.channel,
                "location": result.location,
            }
            | ({"in": result.key} if key != result.key else {})
        )
        for key in (result.key, *covers)
    ]
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
        handle.flush()


def _recipients(message: Message, settings: Settings) -> tuple[str, ...]:
    if message.to:
        return message.to
    return tuple(a.strip() for a in (settings.smtp_to or "").split(",") if a.strip())


def build_email(message: Message, settings: Settings, sent_at: datetime) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.smtp_from
    recipients = _recipients(message, settings)
    email["To"] = ", ".join(recipients) if recipients else "undisclosed-recipients:;"
    email["Subject"] = message.subject
    email["Date"] = format_datetime(sent_at)
    # derived from the key, so a receiver can also recognise a message it has seen
    email["Message-ID"] = make_msgid(idstring=_safe_name(message.key), domain="contractops")
    email["X-Contractops-Key"] = message.key
    for name, value in message.headers.items():
        email[name] = value
    email.set_content(message.body)
    if message.html is not None:
        # multipart/alternative: the text, then multipart/related (the HTML and its cid images)
        email.add_alternative(message.html, subtype="html")
        html_part = email.get_payload()[-1]
        for image in message.inline_images:
            html_part.add_related(image.data, maintype="image", subtype=image.subtype, cid=f"<{image.cid}>",
                                  filename=image.filename, disposition="inline")
    return email


def _to_outbox(messages: list[Message], settings: Settings) -> list[DeliveryResult]:
    results = []
    for message in messages:
        now = datetime.now(timezone.utc)
        try:
            settings.outbox_dir.mkdir(parents=True, exist_ok=True)
            path = settings.outbox_dir / f"{_safe_name(message.key)}.eml"
            temporary = path.with_suffix(".eml.tmp")
            temporary.write_bytes(bytes(build_email(message, settings, now)))
            temporary.replace(path)  # a reader never sees half a message
        except OSError as error:
            results.append(DeliveryResult(message.key, False, error=f"outbox: {error}"))
            continue
        results.append(DeliveryResult(message.key, True, now, "outbox", str(path)))
    return results


def _by_smtp(messages: list[Message], settings: Settings) -> list[DeliveryResult]:
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    security = settings.smtp_security
    if security == "auto" and settings.smtp_port == 465:
        security = "ssl"
    credentials = bool(settings.smtp_user and settings.smtp_password)
    # Certificates are verified against the system store (or SSL_CERT_FILE, for a private CA).
    context = ssl.create_default_context()
    try:
        if security == "ssl":
            client = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                      timeout=SMTP_TIMEOUT_SECONDS, context=context)
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
    except (OSError, smtplib.SMTPException) as error:
        reason = f"smtp {where}: cannot connect: {error}"
        return [DeliveryResult(m.key, False, error=reason) for m in messages]
    results = []
    try:
        client.ehlo_or_helo_if_needed()
        if security == "starttls" or (security == "auto" and credentials):
            if not client.has_extn("starttls"):
                raise smtplib.SMTPNotSupportedError(
                    "the server offers no STARTTLS: not sending the password in clear" if credentials
                    else "the server offers no STARTTLS (CONTRACTOPS_SMTP_SECURITY=starttls)")
            client.starttls(context=context)
            client.ehlo()
        if credentials:
            client.login(settings.smtp_user, settings.smtp_password)
        for message in messages:
            recipients = _recipients(message, settings)
            if not recipients:
                results.append(
                    DeliveryResult(message.key, False, error="no recipient (CONTRACTOPS_SMTP_TO)")
                )
                continue
            now = datetime.now(timezone.utc)
            try:
                refused = client.send_message(
                    build_email(message, settings, now), settings.smtp_from, list(recipients)
                )
            except (smtplib.SMTPException, OSError) as error:
                results.append(DeliveryResult(message.key, False, error=f"smtp {where}: {error}"))
                # SMTPException is an OSError: only a lost connection stops the batch
                connection_lost = isinstance(error, smtplib.SMTPServerDisconnected) or not isinstance(
                    error, smtplib.SMTPException
                )
                if connection_lost:
                    break  # the rest stay pending
                continue
            if refused:  # accepted for some recipients: it went out, note who refused
                note = "; ".join(f"{rcpt}: {code} {msg!r}" for rcpt, (code, msg) in refused.items())
                results.append(DeliveryResult(message.key, True, now, "smtp", where, error=note))
            else:
                results.append(DeliveryResult(message.key, True, now, "smtp", where))
    except (smtplib.SMTPException, OSError, socket.timeout) as error:
        done = {r.key for r in results}
        results += [
            DeliveryResult(m.key, False, error=f"smtp {where}: {error}")
            for m in messages
            if m.key not in done
        ]
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
    done = {r.key for r in results}
    results += [
        DeliveryResult(m.key, False, error=f"smtp {where}: connection lost before sending")
        for m in messages
        if m.key not in done
    ]
    return results


def deliver(messages: list[Message], settings: Settings) -> list[DeliveryResult]:
    """Send each message once: by SMTP when settings.smtp_host is set, else as an .eml file in
    settings.outbox_dir. Results come back in the order of `messages`."""
    already = delivered_keys(settings)
    pending: list[Message] = []
    seen: set[str] = set()
    for message in messages:
        if message.key not in already and message.key not in seen:
            pending.append(message)
            seen.add(message.key)
    sent = _by_smtp(pending, settings) if settings.smtp_host else _to_outbox(pending, settings)
    covers = {m.key: m.covers for m in pending}
    for result in sent:
        if result.delivered:
            _record(settings, result, covers[result.key])
    by_key = {r.key: r for r in sent}
    results = []
    for message in messages:
        if message.key in already:
            results.append(
                DeliveryResult(
                    message.key,
                    True,
                    datetime.fromisoformat(already[message.key]),
                    already_delivered=True,
                )
            )
        else:
            results.append(by_key[message.key])
    return results
