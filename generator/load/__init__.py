"""Stage 1, load: find a WSDL (revision, file or URL), read it safely, check its references."""
