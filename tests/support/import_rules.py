"""An import-linter contract type: test modules share helpers only through a package.

import-linter's built-in contracts compare whole packages, so they cannot say "no
test module imports another test module" when both sit in one folder. This one
walks every module of ``container`` outside ``shared`` and reports each import of
a ``container`` module that is not in ``shared``. ``pyproject.toml`` registers it.
"""

from __future__ import annotations

from typing import Any

from importlinter import Contract, ContractCheck, fields, output


class SharedHelpersOnly(Contract):
    """Modules of ``container`` import from ``container`` only what ``shared`` holds."""

    container = fields.StringField()
    shared = fields.StringField()

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        container, shared = str(self.container), str(self.shared)

        def inside(module: str, package: str) -> bool:
            return module == package or module.startswith(package + ".")

        illegal = sorted(
            (importer, imported)
            for importer in graph.find_descendants(container)
            if not inside(importer, shared)
            for imported in graph.find_modules_directly_imported_by(importer)
            if inside(imported, container) and not inside(imported, shared)
        )
        return ContractCheck(kept=not illegal, metadata={"illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported in check.metadata["illegal"]:
            output.print_error(
                f"{importer} imports {imported}: move what it needs to {self.shared}"
            )
            output.new_line()
