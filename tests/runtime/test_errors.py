"""The generic and the Marketo fault tables, imported straight from the source tree."""

from __future__ import annotations

from generator.profiles.mktows.runtime import errors as marketo
from generator.runtime import errors as generic
from generator.runtime.exceptions import SoapError, SoapFault


def test_the_generic_table_gives_a_plain_fault() -> None:
    assert (
        generic.fault_type(20013) is SoapFault and generic.fault_type(None) is SoapFault
    )


def test_the_marketo_table_types_faults_and_keeps_the_old_names() -> None:
    assert marketo.fault_type(20013) is marketo.AuthenticationError
    assert marketo.fault_type(99) is marketo.MktowsFault
    assert issubclass(marketo.MktowsFault, SoapFault)
    assert marketo.MktowsError is SoapError
    assert {20023, 20024} == marketo.BACKOFF_CODES and {20016} == marketo.RESIGN_CODES
    assert issubclass(marketo.TransportError, marketo.MktowsError)
