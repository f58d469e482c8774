"""Start the whole assistant as `make run` does (honcho + Procfile) on free ports, for tests
and benchmarks. Not used in production.

The stack gets its own endpoints file (pointing at its own action server port), its own
resource database URL and auth token, and runs in its own process group so that it can be
stopped like Ctrl-C stops `make run`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float, log: Path) -> None:
    """Poll `url` until it answers; fail with the log's tail if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def environment(db_url: str, extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ, RESOURCES_DB_URL=db_url, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra or {})
    return env


def descendants(pid: int) -> List[int]:
    """Every live process below `pid`, read from /proc."""
    children: Dict[int, List[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], list(children.get(pid, []))
    while queue:
        child = queue.pop()
        found.append(child)
        queue.extend(children.get(child, []))
    return found


def alive(pids: List[int], grace_seconds: float = 10.0) -> List[int]:
    """The processes among `pids` still running (zombies count as gone) after a short grace."""

    def running(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + grace_seconds
    while True:
        remaining = [pid for pid in pids if running(pid)]
        if not remaining or time.monotonic() > deadline:
            return remaining
        time.sleep(0.2)


@dataclass
class Stack:
    process: subprocess.Popen
    rasa_port: int
    action_port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def process_ids(self) -> List[int]:
        """honcho and every process below it (honcho gives each child its own session)."""
        return [self.process.pid, *descendants(self.process.pid)] if self.process.poll() is None else []

    def rasa_server_pid(self) -> Optional[int]:
        for pid in self.process_ids():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(part.endswith(b"rasa") for part in cmdline) and b"run" in cmdline:
                return pid
        return None

    def interrupt(self, timeout: float = 60) -> None:
        """What Ctrl-C does to `make run`: SIGINT to the whole process group, then wait."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)


def start(
    folder: Path, db_url: str, token: str, startup_timeout: float = 240, extra_env: Optional[Dict[str, str]] = None
) -> Stack:
    """Start honcho with the project's Procfile; return once both servers answer.

    `extra_env` adds settings, such as a channel's, to the stack's environment."""
    rasa_port, action_port = free_port(), free_port()
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{action_port}/webhook"
    endpoints_file = folder / "endpoints.yml"
    endpoints_file.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    env = environment(
        db_url,
        {
            "RASA_PORT": str(rasa_port),
            "ACTION_SERVER_PORT": str(action_port),
            "RASA_ENDPOINTS": str(endpoints_file),
            "RASA_AUTH_TOKEN": token,
            **(extra_env or {}),
        },
    )
    log = folder / "stack.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "honcho"), "start", "-f", "Procfile"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    stack = Stack(process, rasa_port, action_port, log)
    try:
        wait_for(f"http://127.0.0.1:{action_port}/health", process, startup_timeout, log)
        wait_for(f"{stack.url}/webhooks/rest/", process, startup_timeout, log)
    except BaseException:
        stack.stop()
        raise
    return stack
