"""The service's account limits, and the trouble ``--fail-rate`` injects.

The documented limits (:mod:`generator.profiles.mktows.runtime.limits`): calls in a
rolling window (20023), calls in flight (20024), and a daily quota that resets at
midnight CST (20015). Only calls
that pass authentication count, and a refused call does not use up the rate
window or the quota, so a client that backs off gets through.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

from generator.profiles.mktows.simulator.faults import Fault

CST = timezone(timedelta(hours=-6), "CST")


class Limits:
    """Rate, concurrency and quota checks for one server; thread-safe."""

    def __init__(
        self,
        rate: tuple[int, float],
        concurrency: int,
        daily_quota: int,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.calls, self.window = rate
        self.concurrency = concurrency
        self.daily_quota = daily_quota
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._recent: deque[float] = deque()
        self._in_flight = 0
        self._day: date | None = None
        self._used_today = 0

    @contextmanager
    def admit(self, now: datetime) -> Iterator[None]:
        """Hold one in-flight slot for the block, or fault 20015, 20023 or 20024."""
        with self._lock:
            day = now.astimezone(CST).date()
            if day != self._day:
                self._day, self._used_today = day, 0
            if self._used_today >= self.daily_quota:
                raise Fault(20015, f"daily quota of {self.daily_quota} calls used up")
            tick = self._monotonic()
            while self._recent and self._recent[0] <= tick - self.window:
                self._recent.popleft()
            if len(self._recent) >= self.calls:
                raise Fault(20023, f"more than {self.calls} calls in {self.window:g} s")
            if self._in_flight >= self.concurrency:
                raise Fault(20024, f"more than {self.concurrency} calls in flight")
            self._recent.append(tick)
            self._used_today += 1
            self._in_flight += 1
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight


class Injector:
    """Decides, per call, whether ``--fail-rate`` strikes and how; thread-safe."""

    def __init__(
        self, rate: float, kinds: tuple[str, ...], seed: int | None = None
    ) -> None:
        self.rate = rate
        self.kinds = kinds
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def draw(self) -> str | None:
        """The failure kind for this call, or ``None`` to let it through."""
        if self.rate <= 0:
            return None
        with self._lock:
            if self._random.random() >= self.rate:
                return None
            return self._random.choice(self.kinds)
