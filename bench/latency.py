"""Reply latency and throughput of the whole assistant through its REST webhook.

Starts the stack as `make run` does (honcho + Procfile, on free ports, with a fresh copy of
the sample directory), then sends synthetic conversations at 1 and at 20 concurrent users and
prints p50/p95/p99 reply latency, messages per second and the Rasa server's memory.
Usage: python -m bench.latency [--conversations 20] [--users 1 20]
This is a benchmark: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import List, Optional, Sequence

import aiohttp

from bot import devstack

# One synthetic conversation: the whole English flow, then the always-available options.
SCRIPT = ("hi", "yes", "I need a place to stay", "London", "/more_results", "/talk_to_person", "forget me")


async def conversation(session: aiohttp.ClientSession, url: str, latencies: List[float]) -> None:
    sender = uuid.uuid4().hex
    for text in SCRIPT:
        started = time.perf_counter()
        async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as reply:
            reply.raise_for_status()
            body = await reply.json()
        latencies.append(time.perf_counter() - started)
        if not body:
            raise RuntimeError("the assistant sent no reply")


async def run_level(url: str, users: int, conversations_per_user: int) -> dict:
    latencies: List[float] = []
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await conversation(session, url, [])  # warm-up, not counted

        async def user() -> None:
            for _ in range(conversations_per_user):
                await conversation(session, url, latencies)

        started = time.perf_counter()
        await asyncio.gather(*(user() for _ in range(users)))
        wall = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "users": users,
        "messages": len(latencies),
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "p99_ms": cuts[98] * 1000,
        "msgs_per_s": len(latencies) / wall,
    }


def memory_mb(pid: Optional[int]) -> str:
    if pid is None:
        return "unknown"
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    rss = int(fields["VmRSS"].split()[0]) / 1024
    peak = int(fields["VmHWM"].split()[0]) / 1024
    return f"{rss:.0f} MB resident (peak {peak:.0f} MB)"


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=20, help="conversations per concurrency level (default 20)")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 20], help="concurrency levels (default 1 20)")
    args = parser.parse_args(argv)

    from resources_db.cli import main as resources_db

    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{folder}/resources.db"
        resources_db(["--db", db_url, "init"])
        print("Starting the stack (about 30 s)...", flush=True)
        stack = devstack.start(Path(folder), db_url, token=uuid.uuid4().hex)
        try:
            pid = stack.rasa_server_pid()
            print(f"Rasa server after start-up: {memory_mb(pid)}")
            print(f"{len(SCRIPT)} messages per conversation; latency is per message, until the whole reply.")
            print(f"{'users':>5} {'messages':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'msg/s':>7}")
            for users in args.users:
                per_user = max(1, args.conversations // users)
                row = asyncio.run(run_level(stack.url, users, per_user))
                print(
                    f"{row['users']:>5} {row['messages']:>8} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
                    f"{row['p99_ms']:>8.1f} {row['msgs_per_s']:>7.1f}",
                    flush=True,
                )
            print(f"Rasa server after the run: {memory_mb(pid)}")
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
