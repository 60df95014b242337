"""mkdocs hook: publish benchmarks/README.md and its chart as the page benchmarks/.

The benchmarks' own README stays where the code is; the site shows it as it is,
so its relative image link (``results.png``) resolves without a copy in docs/.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
PUBLISHED = {
    "README.md": "benchmarks/index.md",
    "results.png": "benchmarks/results.png",
    "scale.png": "benchmarks/scale.png",
}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for name, uri in PUBLISHED.items():
        source = BENCHMARKS / name
        if not source.is_file():
            raise FileNotFoundError(f"{source}: the benchmarks page needs it")
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    return files
