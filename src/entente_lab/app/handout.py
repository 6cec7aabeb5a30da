"""Write the printable handout: ``python -m entente_lab.app.handout [-o FILE] [--case PATH]``.

Without ``-o`` the HTML goes to standard output. Open the file in a browser and use
Print ▸ Save as PDF for a PDF. Exit status: 0 success; 1 a bad case file or a file
that cannot be written; 2 a usage error; 141 when the reader of standard output
went away (as for ``entente-lab``, see :mod:`entente_lab.app.cli`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Write the handout for a case; returns the exit status.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "handout.html"
    >>> main(["-o", str(out), "--quiet"])
    0
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    from ..teaching.reading import handout_html
    from .cli import case_document_command

    return case_document_command(
        "entente_lab.app.handout", handout_html, argv,
        description="Write the printable handout (self-contained HTML) for a case. Print it, or use a "
                    "browser's Print > Save as PDF.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
