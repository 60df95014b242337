"""Profiles: what a family of WSDLs adds on top of the generic core."""
