"""`make dev`: run `dagster dev` so that Ctrl-C (or SIGTERM) stops every Dagster process within a
few seconds, with the instance's home under data/.

Why a wrapper. `dagster dev` starts a webserver and a daemon, each of which starts a code server
that starts a gRPC server (and a run adds a run worker and dbt). On SIGINT it asks its two children
to stop and waits up to 60 s for each, while the code servers wind down on their own heartbeat;
on SIGTERM it dies at once and leaves every child running. make adds a layer: the recipe runs in
`/bin/sh -c`, and make forwards SIGTERM only to that shell, which dies without passing it on.
So this script
* is exec'd by the recipe (no shell in between: make's SIGTERM reaches it);
* starts `dagster dev` in its own session, so a terminal's Ctrl-C reaches only this script, which
  decides the order: SIGINT to the whole Dagster process group (every process starts its clean
  shutdown at once), then, after --grace seconds, SIGKILL to every process still left;
* is a "child subreaper" (Linux prctl), so processes whose parent exited are re-parented here and
  can still be found and stopped, and asks the kernel to signal it if make dies, and to signal
  `dagster dev` if this script dies;
* points DAGSTER_HOME at --home (data/dagster by default) and puts the project's instance settings
  (dagster.yaml) there, so run history, logs and storage stay under data/.

    python scripts/dagster_dev.py --home data/dagster [--grace 5] -- -m orchestration.definitions [-p 3000]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_CONFIG = REPO_ROOT / "dagster.yaml"
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the process group still does most of the work
        pass


def _stat(pid: int) -> tuple[int, int, str] | None:
    """(parent pid, process group, state) of a live process, or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), int(fields[2]), fields[0]


def descendants(root: int, group: int | None = None) -> set[int]:
    """Every live process below `root` (by parent links), plus any in process group `group`."""
    children: dict[int, list[int]] = {}
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        info = _stat(int(entry.name))
        if info is None or info[2] == "Z":
            continue
        children.setdefault(info[0], []).append(int(entry.name))
        if group is not None and info[1] == group:
            found.add(int(entry.name))
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    found.discard(os.getpid())
    return found


class Supervisor:
    def __init__(self, command: list[str], env: dict[str, str], grace: float):
        self.command, self.env, self.grace = command, env, grace
        self.proc: subprocess.Popen | None = None
        self.stop_requested_at: float | None = None
        self.signals = 0
        self.exit_signal: int | None = None

    def _on_signal(self, signum, _frame) -> None:
        self.signals += 1
        self.exit_signal = self.exit_signal or signum
        if self.stop_requested_at is None:
            self.stop_requested_at = time.monotonic()
            print(f"\nmake dev: stopping Dagster (all processes within {self.grace:g} s) ...", file=sys.stderr, flush=True)
            self._signal_group(signal.SIGINT)
        else:  # a second Ctrl-C: no more waiting
            self._kill_everything()

    def _signal_group(self, signum: int) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signum)
            except ProcessLookupError:
                pass

    def _kill_everything(self) -> None:
        if self.proc is None:
            return
        for pid in descendants(os.getpid(), group=self.proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _reap(self) -> None:
        """Collect exited processes re-parented here, so none is left a zombie (dagster dev
        itself is collected by Popen, which keeps its exit code)."""
        me = os.getpid()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) != self.proc.pid:
                info = _stat(int(entry.name))
                if info is not None and info[0] == me and info[2] == "Z":
                    try:
                        os.waitpid(int(entry.name), os.WNOHANG)
                    except ChildProcessError:
                        pass

    def run(self) -> int:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)  # make killed outright: stop too
        if os.getppid() == 1:  # the parent died before the line above
            return 1

        def in_own_session() -> None:
            os.setsid()
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background shell may have ignored it
            _prctl(PR_SET_PDEATHSIG, signal.SIGINT)  # this script killed outright: dagster stops cleanly

        if self.exit_signal is not None:  # stopped before anything started
            return 128 + self.exit_signal
        self.proc = subprocess.Popen(self.command, env=self.env, preexec_fn=in_own_session)
        code = None
        while True:
            if code is None:
                code = self.proc.poll()
            left = descendants(os.getpid(), group=self.proc.pid)
            if code is not None and not left:
                break
            if code is not None and self.stop_requested_at is None:
                # dagster dev ended by itself: nothing it started may outlive it
                self.stop_requested_at = time.monotonic()
                self._signal_group(signal.SIGINT)
            if self.stop_requested_at is not None and time.monotonic() - self.stop_requested_at > self.grace:
                self._kill_everything()
            self._reap()
            time.sleep(0.1)
        self._reap()
        if self.exit_signal is not None:
            print("make dev: every Dagster process has stopped.", file=sys.stderr, flush=True)
            return 128 + self.exit_signal
        return code or 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=REPO_ROOT / "data" / "dagster", help="DAGSTER_HOME")
    parser.add_argument("--grace", type=float, default=5.0, help="seconds for a clean shutdown before SIGKILL")
    parser.add_argument("dagster_args", nargs=argparse.REMAINDER, help="after --: arguments of `dagster dev`")
    args = parser.parse_args(argv)
    dagster_args = args.dagster_args[1:] if args.dagster_args[:1] == ["--"] else args.dagster_args
    home = args.home.expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INSTANCE_CONFIG, home / "dagster.yaml")
    env = dict(os.environ)
    env["DAGSTER_HOME"] = str(home)
    # dbt and dagster from this interpreter's environment, activated or not
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [str(Path(sys.executable).with_name("dagster")), "dev", *dagster_args]
    return Supervisor(command, env, args.grace).run()


if __name__ == "__main__":
    sys.exit(main())
