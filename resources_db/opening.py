"""Is a service open at a given moment? Weekly HSDS schedules, evaluated in local time.

Pure functions, no I/O. A schedule window is the RFC 5545 subset directories publish:
FREQ=WEEKLY (or DAILY) with BYDAY, opens_at and closes_at, optionally valid_from/valid_to.
Windows that close at or before they open run past midnight (19:00-08:00); equal times mean
all day. Anything else (monthly rules, no times) cannot be evaluated and counts as unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Window:
    freq: Optional[str]
    byday: Optional[str]
    opens_at: Optional[str]
    closes_at: Optional[str]
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None


def local_now(now: dt.datetime, timezone: Optional[str]) -> Optional[dt.datetime]:
    """`now` (aware) in the IANA `timezone`; None when the timezone is missing or unknown."""
    if not timezone:
        return None
    try:
        return now.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def is_open(windows: Iterable[Window], local: Optional[dt.datetime]) -> Optional[bool]:
    """True if any window is open at `local`, False if all evaluable windows are closed,
    None if nothing can be evaluated (no windows, no timezone, rules we do not understand)."""
    if local is None:
        return None
    answer: Optional[bool] = None
    for window in windows:
        verdict = _window_open(window, local)
        if verdict:
            return True
        if verdict is False:
            answer = False
    return answer


def _seconds(clock: str) -> int:
    hour, minute, second = (int(part) for part in (clock.split(":") + ["0"])[:3])
    return hour * 3600 + minute * 60 + second


def _days(window: Window) -> Optional[set]:
    freq = (window.freq or "WEEKLY").upper()
    if freq == "DAILY" and not window.byday:
        return set(DAYS)
    if freq != "WEEKLY":
        return None
    if not window.byday:
        return set(DAYS)
    days = {part.strip().upper() for part in window.byday.split(",") if part.strip()}
    return days if days <= set(DAYS) else None


def _valid_on(window: Window, day: dt.date) -> bool:
    return (window.valid_from is None or window.valid_from <= day) and (window.valid_to is None or day <= window.valid_to)


def _window_open(window: Window, local: dt.datetime) -> Optional[bool]:
    days = _days(window)
    if days is None or not window.opens_at or not window.closes_at:
        return None
    opens, closes = _seconds(window.opens_at), _seconds(window.closes_at)
    now = local.hour * 3600 + local.minute * 60 + local.second
    today, yesterday = local.date(), local.date() - dt.timedelta(days=1)
    today_on = DAYS[today.weekday()] in days and _valid_on(window, today)
    yesterday_on = DAYS[yesterday.weekday()] in days and _valid_on(window, yesterday)
    if opens == closes or (opens == 0 and closes >= 86400):
        return today_on
    if opens < closes:
        return today_on and opens <= now < closes
    # Runs past midnight: the evening part today, the early-morning part from yesterday.
    return (today_on and now >= opens) or (yesterday_on and now < closes)
