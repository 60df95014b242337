"""The generic profile: the core alone, for any document/literal WSDL."""

from __future__ import annotations

from generator.profiles import Profile

PROFILE = Profile(name="generic")
