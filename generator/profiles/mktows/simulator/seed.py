"""The made-up account a fresh simulator starts with, and its fixed catalogue.

Field and object names follow the service's documented shapes (lead fields,
Opportunity, Program channels and tags, a ``RoadShow`` custom object keyed by
``MKTOID`` and ``rid``); the values are invented. Tests rely on these names.
"""

from __future__ import annotations

from dataclasses import dataclass

# Lead fields a leadAttributeList may carry: API name -> (data type, display name).
LEAD_FIELDS: dict[str, tuple[str, str]] = {
    "FirstName": ("string", "First Name"),
    "LastName": ("string", "Last Name"),
    "Company": ("string", "Company Name"),
    "Title": ("string", "Job Title"),
    "Phone": ("phone", "Phone Number"),
    "MobilePhone": ("phone", "Mobile Phone Number"),
    "Website": ("url", "Website"),
    "Industry": ("string", "Industry"),
    "City": ("string", "City"),
    "State": ("string", "State"),
    "Country": ("string", "Country"),
    "PostalCode": ("string", "Postal Code"),
    "LeadSource": ("string", "Lead Source"),
    "LeadStatus": ("string", "Lead Status"),
    "LeadScore": ("integer", "Lead Score"),
    "AnnualRevenue": ("currency", "Annual Revenue"),
    "NumberOfEmployees": ("integer", "Num Employees"),
    "Rating": ("string", "Lead Rating"),
    "Unsubscribed": ("boolean", "Unsubscribed"),
    "DoNotCall": ("boolean", "Do Not Call"),
}
EMAIL_HEADERS = ("Email Address", "Email")  # importToList columns naming the email

# Object metadata for describeMObject: object -> [(field, data type, display name)].
OBJECT_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "LeadRecord": [
        ("Id", "integer", "Id"),
        ("Email", "email", "Email Address"),
        *((name, kind, label) for name, (kind, label) in LEAD_FIELDS.items()),
    ],
    "ActivityRecord": [
        ("Id", "integer", "Id"),
        ("ActivityDateTime", "datetime", "Activity Date Time"),
        ("ActivityType", "string", "Activity Type"),
        ("MktgAssetName", "string", "Marketing Asset Name"),
        ("MktPersonId", "integer", "Lead Id"),
        ("Campaign", "string", "Campaign"),
    ],
    "Opportunity": [
        ("Id", "integer", "Id"),
        ("Name", "string", "Opportunity Name"),
        ("Amount", "currency", "Amount"),
        ("Stage", "string", "Stage"),
        ("CloseDate", "date", "Close Date"),
        ("IsClosed", "boolean", "Closed"),
        ("IsWon", "boolean", "Won"),
        ("ExternalKey", "string", "External Key"),
    ],
    "OpportunityPersonRole": [
        ("Id", "integer", "Id"),
        ("OpportunityId", "integer", "Opportunity Id"),
        ("PersonId", "integer", "Person Id"),
        ("Role", "string", "Role"),
        ("IsPrimary", "boolean", "Primary"),
    ],
}
LISTED_OBJECTS = [
    "ActivityRecord",
    "LeadRecord",
    "Opportunity",
    "OpportunityPersonRole",
]
# MObject types getMObjects/syncMObjects serve; Program takes UPDATE only, and
# deleteMObjects takes the first two only.
MOBJECT_TYPES = ("Opportunity", "OpportunityPersonRole", "Program")
DELETABLE_MOBJECTS = ("Opportunity", "OpportunityPersonRole")


@dataclass(frozen=True)
class CustomType:
    """A custom object type: the key fields that identify a record, and its fields."""

    keys: tuple[str, ...]
    fields: tuple[str, ...]


CUSTOM_TYPES = {
    "RoadShow": CustomType(("MKTOID", "rid"), ("city", "zip", "state", "eventDate")),
    "CarPurchase": CustomType(("MKTOID", "vin"), ("make", "model", "year", "price")),
}

# Programs, as Program MObjects: (id, name, channel, description).
PROGRAMS = [
    (1001, "Spring Webinar", "Webinar", "A quarterly product webinar"),
    (1002, "Nurture Newsletter", "Email Send", "The monthly newsletter"),
    (1003, "Field Roadshow", "Roadshow", "City events"),
]
# Smart campaigns: (id, name, description, sources, program).
CAMPAIGNS = [
    (2001, "Welcome Flow", "Greets new leads", "MKTOWS", "Nurture Newsletter"),
    (
        2002,
        "Webinar Invite",
        "Invites to the webinar",
        "MKTOWS,SALES",
        "Spring Webinar",
    ),
    (2003, "Sales Follow-up", "Hands over to sales", "SALES", "Spring Webinar"),
    (2004, "Batch Reminder", "A scheduled batch reminder", "MKTOWS", "Spring Webinar"),
    (2005, "Roadshow Invite", "Invites to city events", "MKTOWS", "Field Roadshow"),
]
# Static lists: (id, name, program).
LISTS = [
    (3001, "Newsletter Subscribers", "Nurture Newsletter"),
    (3002, "Webinar Attendees", "Spring Webinar"),
]
# Program channels and their progression statuses: (status, step, success).
CHANNELS: dict[str, list[tuple[str, int, bool]]] = {
    "Webinar": [
        ("Invited", 10, False),
        ("Registered", 20, False),
        ("Attended", 30, True),
    ],
    "Email Send": [("Sent", 10, False), ("Clicked", 20, True)],
    "Roadshow": [("Invited", 10, False), ("Attended", 20, True)],
}
TAG_TYPES: dict[str, list[str]] = {
    "Region": ["Americas", "APAC", "EMEA"],
    "Product Line": ["Analytics", "Automation"],
}
WORKSPACES = ("Default",)
