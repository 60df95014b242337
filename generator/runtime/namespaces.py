"""Namespace URIs of SOAP 1.1 and 1.2, WSDL 1.1 and XML Schema: the one place they are written.

Everything else (the runtime, the templates' output, the loader, the tools, the
simulator, tests and benchmarks) imports them from here. A profile's own target
namespace lives in its profile's package (Marketo's in the mktows profile).
"""

from __future__ import annotations

__all__ = [
    "SOAP12_ENV",
    "SOAP_ENV",
    "SOAP_HTTP",
    "WSDL",
    "WSDL_HTTP",
    "WSDL_SOAP",
    "WSDL_SOAP12",
    "XSD",
    "XSI",
    "XSI_NIL",
    "XSI_TYPE",
]

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"  # SOAP 1.1 envelope
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"  # SOAP 1.2 envelope
SOAP_HTTP = "http://schemas.xmlsoap.org/soap/http"  # soap:binding transport over HTTP
WSDL = "http://schemas.xmlsoap.org/wsdl/"  # WSDL 1.1
WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"  # WSDL 1.1 SOAP binding
WSDL_SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"  # WSDL 1.1 SOAP 1.2 binding
WSDL_HTTP = "http://schemas.xmlsoap.org/wsdl/http/"  # WSDL 1.1 HTTP GET/POST binding
XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_NIL = f"{{{XSI}}}nil"
XSI_TYPE = f"{{{XSI}}}type"
