"""The service's documented limits: every number written once, here.

Account limits (per Marketo instance): at most :data:`CALLS_PER_WINDOW` calls in a
rolling :data:`WINDOW_SECONDS` (fault 20023), at most :data:`MAX_IN_FLIGHT` calls
in flight (20024) and :data:`DAILY_QUOTA` calls a day (20015). Per call: the batch
sizes of the operations that take a list of records (:data:`BATCHES`), the page
sizes of the operations that page (:data:`PAGE_SIZES`), the lead keys a selector
takes and the longest ``LastUpdateAtSelector`` window (20022).

The limiter and the bulk helpers of the generated package read these; so do the
generator (which operations get bulk helpers), the simulator (what it refuses) and
the ``leads`` command (its defaults).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

__all__ = [
    "BATCHES",
    "CALLS_PER_WINDOW",
    "DAILY_QUOTA",
    "MAX_CAMPAIGN_LEADS",
    "MAX_CUSTOM_OBJECTS",
    "MAX_IN_FLIGHT",
    "MAX_LEAD_KEYS",
    "MAX_LIST_MEMBERS",
    "MAX_MOBJECTS",
    "MAX_SYNC_LEADS",
    "MAX_UPDATE_WINDOW",
    "PAGE_SIZES",
    "WINDOW_SECONDS",
    "Batch",
    "PageSize",
]

CALLS_PER_WINDOW = 100  # calls per rolling window per instance -> 20023
WINDOW_SECONDS = 20.0
MAX_IN_FLIGHT = 10  # concurrent calls per instance -> 20024
DAILY_QUOTA = 10_000  # calls per day (resets at midnight CST) -> 20015

MAX_SYNC_LEADS = 300  # syncMultipleLeads: recommended; larger batches are unsupported
MAX_MOBJECTS = 100  # syncMObjects, deleteMObjects, getMObjects
MAX_CUSTOM_OBJECTS = 100  # syncCustomObjects, deleteCustomObjects, getCustomObjects
MAX_CAMPAIGN_LEADS = 100  # requestCampaign: the service silently ignores the rest
MAX_LIST_MEMBERS = 1000  # listOperation
MAX_LEAD_KEYS = 100  # a LeadKeySelector's keyValues: more are silently ignored
MAX_UPDATE_WINDOW = timedelta(days=30)  # LastUpdateAtSelector: longer is 20022


@dataclass(frozen=True)
class Batch:
    """A documented batch limit: the request's list element, default chunk, maximum."""

    operation: str
    list_element: str
    chunk: int
    maximum: int | None  # None where the size is only a recommendation
    rule: str


BATCHES: tuple[Batch, ...] = (
    Batch(
        "syncMultipleLeads",
        "leadRecordList",
        MAX_SYNC_LEADS,
        None,
        f"recommended at most {MAX_SYNC_LEADS} lead records a call; "
        "larger batches are unsupported",
    ),
    Batch(
        "syncMObjects",
        "mObjectList",
        MAX_MOBJECTS,
        MAX_MOBJECTS,
        f"at most {MAX_MOBJECTS} MObjects a call",
    ),
    Batch(
        "syncCustomObjects",
        "customObjList",
        MAX_CUSTOM_OBJECTS,
        MAX_CUSTOM_OBJECTS,
        f"at most {MAX_CUSTOM_OBJECTS} custom objects a call",
    ),
    Batch(
        "requestCampaign",
        "leadList",
        MAX_CAMPAIGN_LEADS,
        MAX_CAMPAIGN_LEADS,
        f"at most {MAX_CAMPAIGN_LEADS} lead keys a call; "
        "the service silently ignores the rest",
    ),
    Batch(
        "listOperation",
        "listMemberList",
        MAX_LIST_MEMBERS,
        MAX_LIST_MEMBERS,
        f"at most {MAX_LIST_MEMBERS} leads a call",
    ),
)


@dataclass(frozen=True)
class PageSize:
    """A paging operation's ``batchSize``: its default, and the cap the service applies."""

    default: int
    maximum: int


PAGE_SIZES: dict[str, PageSize] = {
    "getMultipleLeads": PageSize(100, 1000),
    "getLeadActivity": PageSize(100, 100),
    "getLeadChanges": PageSize(100, 1000),
    "getCustomObjects": PageSize(100, MAX_CUSTOM_OBJECTS),
    "getMObjects": PageSize(MAX_MOBJECTS, MAX_MOBJECTS),
}
