"""Schema diff: what changed between two WSDLs and what breaks, by direction."""
