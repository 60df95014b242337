"""The Marketo mktows profile: signing, limits, faults, paging and bulk helpers, simulator, leads command."""

from __future__ import annotations

from generator.model.api import ApiModel
from generator.profiles import Profile
from generator.profiles.mktows.plans import model_pass

NAMESPACE = "http://www.marketo.com/mktows/"


def has_signed_header(model: ApiModel) -> bool:
    """A WSDL in another namespace with mktows' signed header is signed the same way."""
    return model.signed_header is not None


PROFILE = Profile(
    name="mktows",
    namespaces=(NAMESPACE,),
    runtime="generator.profiles.mktows.runtime",
    templates="mktows",
    model_passes=(model_pass,),
    commands=(
        "generator.profiles.mktows.simulator.cli:add_serve_command",
        "generator.profiles.mktows.leads.cli:add_leads_command",
    ),
    claims=has_signed_header,
)
