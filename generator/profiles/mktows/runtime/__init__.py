"""The Marketo runtime: modules copied only into mktows packages (HMAC signing, faults table, limiter, progress, paging and bulk machinery)."""
