"""``python -m generator`` is the same as the ``mktows-codegen`` command."""

from generator.cli.main import main

raise SystemExit(main())
