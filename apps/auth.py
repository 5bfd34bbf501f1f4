"""Sign-in and roles: users come from a YAML file with bcrypt password hashes.

The file is `settings.app_users_file` (env CONTRACTOPS_APP_USERS) or, for the demo, the committed
`config/app_users.example.yaml`. A role is the set of pages a user may open; pages check it again
themselves, so a page that is not in the navigation cannot be reached by its URL either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import bcrypt
import yaml

from contractops.settings import REPO_ROOT, load_settings

EXAMPLE_USERS_FILE = REPO_ROOT / "config" / "app_users.example.yaml"

# page keys (see apps/streamlit_app.py) each role may open
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "executive": ("overview", "sla", "billing", "renewals", "compliance", "contracts", "lookup"),
    "finance": ("billing", "renewals"),
    "technician": ("lookup", "contracts"),  # first = landing page
}
# roles that may see rates, fees, contract values and margins
MONEY_ROLES = {"executive", "finance"}


@dataclass(frozen=True)
class User:
    username: str
    name: str
    role: str

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
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise UsersFileError(f"no users file at {path} (set CONTRACTOPS_APP_USERS)") from None
    users = doc.get("users") or {}
    for username, entry in users.items():
        if entry.get("role") not in ROLE_PAGES:
            raise UsersFileError(f"{path}: user {username!r} has unknown role {entry.get('role')!r}")
        if not str(entry.get("password_hash", "")).startswith("$2"):
            raise UsersFileError(f"{path}: user {username!r} needs a bcrypt password_hash")
    return users


def authenticate(username: str, password: str, path: Path | None = None) -> User | None:
    """The user when the password matches its bcrypt hash; None otherwise (same for unknown users)."""
    users = load_users(path)
    entry = users.get((username or "").strip())
    if entry is None or not password:
        return None
    if not bcrypt.checkpw(password.encode("utf-8"), str(entry["password_hash"]).encode("utf-8")):
        return None
    return User(username=username.strip(), name=entry.get("name") or username, role=entry["role"])
