"""The Marketo mktows profile: signing, limits, faults, paging and bulk helpers, simulator, leads command."""

from __future__ import annotations

from generator.profiles import Profile
from generator.profiles.mktows.plans import model_pass

NAMESPACE = "http://www.marketo.com/mktows/"

# the header HmacSigner fills on every call; a WSDL in another namespace with this
# header selects the profile too, and is signed the same way
SIGNED_HEADER = ("mktowsUserId", "requestSignature", "requestTimestamp")


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
    signed_header=SIGNED_HEADER,
)
