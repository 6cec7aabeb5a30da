"""Write the instructor's answer key: ``python -m entente_lab.app.answer_key [-o FILE] [--case PATH]``.

Without ``--case``, the case is ``$ENTENTE_LAB_CASE`` or the bundled interview
(``python -m entente_lab.app.answer_key > lessons/answer_key.md`` makes the bundled key).
The key itself is :func:`entente_lab.teaching.exercises.answer_key_markdown`. Exit
status as for the handout (:mod:`entente_lab.app.handout`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Write the answer key for a case; returns the exit status.

    An unknown option is a usage error, never the bundled case's key.

    >>> import io, contextlib
    >>> with contextlib.redirect_stderr(io.StringIO()):
    ...     main(["--cse", "my_case.yaml"])
    Traceback (most recent call last):
    SystemExit: 2
    """
    from ..teaching.exercises import answer_key_markdown
    from .cli import case_document_command

    return case_document_command("entente_lab.app.answer_key", answer_key_markdown, argv,
                                 description="Write the instructor's answer key (Markdown) for a case.")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
