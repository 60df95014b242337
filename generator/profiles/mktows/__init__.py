"""The Marketo mktows profile: signing, limits, faults, paging and bulk helpers, simulator, leads command."""
