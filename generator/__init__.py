"""mktows-codegen: typed, signed Python bindings from a SOAP WSDL.

The pipeline reads top-down, one module per stage::

    load -> model -> render -> format -> write

:mod:`generator.pipeline` strings the stages together; :mod:`generator.cli.main` is the
command line.
"""

__version__ = "0.1.0"
