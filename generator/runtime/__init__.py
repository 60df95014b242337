"""The runtime: plain modules copied into every generated package (envelope, transport, retry, values, errors, signing hook)."""
