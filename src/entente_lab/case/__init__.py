"""The case: its frozen records, and reading, validating and loading a case file (YAML, JSON Schema, the lab's codes).

The lowest layer above the shared modules (:mod:`entente_lab.errors`, :mod:`entente_lab.atomic`,
:mod:`entente_lab.safe_output`): it imports nothing else from the package. The public names are
imported from :mod:`entente_lab` (``load_case``, ``Case`` ...); the layer order is declared in
``tools/import_graph.py``.
"""
