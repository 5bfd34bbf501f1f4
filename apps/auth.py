"""Sign-in and roles: users come from a YAML file with bcrypt password hashes.

A technician's entry names its `technician_id` (as in technicians.csv): the app shows that
technician's own tickets ("My tickets") and nothing of anyone else's.

The file is `settings.app_users_file` (env CONTRACTOPS_APP_USERS) or, for the demo, the committed
`config/app_users.example.yaml`. A role is the set of pages a user may open; pages check it again
themselves, so a page that is not in the navigation cannot be reached by its URL either.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from pathlib import Path

import bcrypt
import yaml

from contractops.settings import REPO_ROOT, load_settings
from extractors.safe_yaml import YamlLimitError, load_bounded

EXAMPLE_USERS_FILE = REPO_ROOT / "config" / "app_users.example.yaml"

# page keys (see apps/streamlit_app.py) each role may open
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "executive": ("overview", "sla", "billing", "renewals", "compliance", "contracts", "lookup", "review"),
    "contract_admin": ("review", "contracts", "lookup"),  # confirms or corrects extracted terms
    "finance": ("billing", "renewals"),
    "technician": ("my_tickets", "lookup", "contracts"),  # first = landing page
}
# roles that may see rates, fees, contract values and margins
MONEY_ROLES = {"executive", "finance", "contract_admin"}  # an admin corrects rates and fees


@dataclass(frozen=True)
class User:
    username: str
    name: str
    role: str
    # the technician this user is (technicians.csv): "My tickets" shows this technician's tickets
    technician_id: str | None = None

    def may_open(self, page_key: str) -> bool:
        return page_key in ROLE_PAGES.get(self.role, ())

    @property
    def sees_money(self) -> bool:
        return self.role in MONEY_ROLES


class UsersFileError(ValueError):
    pass


def users_file() -> Path:
    return load_settings().app_users_file or EXAMPLE_USERS_FILE


def load_users(path: Path | None = None) -> dict[str, dict]:
    path = path or users_file()
    try:
        doc = load_bounded(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise UsersFileError(f"no users file at {path} (set CONTRACTOPS_APP_USERS)") from None
    except (YamlLimitError, yaml.YAMLError) as exc:
        raise UsersFileError(f"{path}: not a users file ({str(exc).splitlines()[0]})") from None
    users = doc.get("users") or {}
    for username, entry in users.items():
        if entry.get("role") not in ROLE_PAGES:
            raise UsersFileError(f"{path}: user {username!r} has unknown role {entry.get('role')!r}")
        if entry.get("role") == "technician" and not str(entry.get("technician_id") or "").strip():
            raise UsersFileError(f"{path}: technician {username!r} needs a technician_id (as in technicians.csv)")
        if not str(entry.get("password_hash", "")).startswith("$2"):
            raise UsersFileError(f"{path}: user {username!r} needs a bcrypt password_hash")
    return users


# Sign-in throttling: after MAX_FAILURES wrong passwords within WINDOW_SECONDS for one user name,
# or from one client address, further attempts are refused (without checking the password) until
# the oldest of those failures is WINDOW_SECONDS old. Kept in the app's process memory.
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
_MAX_TRACKED = 10_000  # user names and addresses remembered at most (oldest forgotten first)


class SignInThrottled(Exception):
    """Too many failed sign-ins; the message says when to try again."""


class _Throttle:
    def __init__(self) -> None:
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - WINDOW_SECONDS:
            times.popleft()
        return times

    def check(self, keys: list[str], now: float) -> None:
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= MAX_FAILURES:
                    wait = int(times[0] + WINDOW_SECONDS - now) + 1
                    raise SignInThrottled(f"Too many failed sign-ins. Try again in {max(1, round(wait / 60))} minute(s).")

    def failed(self, keys: list[str], now: float) -> None:
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times
                self._failures.move_to_end(key)
            while len(self._failures) > _MAX_TRACKED:
                self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()


THROTTLE = _Throttle()


def authenticate(username: str, password: str, path: Path | None = None, client: str | None = None,
                 now: float | None = None) -> User | None:
    """The user when the password matches its bcrypt hash; None otherwise (same for unknown users).
    Raises SignInThrottled after too many failures for this user name or this client address."""
    now = time.monotonic() if now is None else now
    name = (username or "").strip()
    keys = [f"user:{name.lower()}"] + ([f"client:{client}"] if client else [])
    THROTTLE.check(keys, now)
    users = load_users(path)
    entry = users.get(name)
    if entry is None or not password or not bcrypt.checkpw(password.encode("utf-8"), str(entry["password_hash"]).encode("utf-8")):
        THROTTLE.failed(keys, now)
        return None
    THROTTLE.succeeded(keys[0])
    technician_id = str(entry.get("technician_id") or "").strip() or None
    return User(username=name, name=entry.get("name") or username, role=entry["role"], technician_id=technician_id)
