"""The progress hook that paging and bulk work report to, if you give them one.

Progress is opt-in and needs no library: a hook is any callable taking the number
of records done so far and the best known total (``None`` while unknown). It is
called from the thread doing the work, after each page or batch. A progress bar
is one line away, e.g. with tqdm::

    bar = tqdm(unit="lead")
    def progress(done: int, total: int | None) -> None:
        bar.total = total
        bar.update(done - bar.n)

    bulk.sync_multiple_leads(client, leads, progress=progress)
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Progress"]

Progress = Callable[[int, int | None], None]
"""``progress(done, total)``: records done so far, and the total if known."""
