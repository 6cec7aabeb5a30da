"""The programs: the ``entente-lab`` command, starting JupyterLab, the environment doctor, the handout and answer key.

The handout and the answer key are written by ``python -m entente_lab.app.handout`` and
``python -m entente_lab.app.answer_key``. The top layer below the package itself: it may
import every other layer, and no other layer imports it (only the package's ``__init__``,
which gathers the public names, such as ``doctor``).
"""
