"""Beyond one bureau: the statistical package a bureau sends, and the oblast roll-up.

What travels between bureaus is figures, not people. A bureau writes its
period's figures as a **statistical package** (``package``: a JSON file with
stable codes and counts only, its schema in ``resources/schema``, sealed with a
SHA-256 of its canonical content, ``canonical``); whoever collects them checks
each one (``checks``: schema, hash, sums, period, duplicates) and writes the
**roll-up** (``combine`` adds them up, ``suppress`` hides small cells of the
public version, ``tables``/``pdf`` render it, ``write`` is the entry point).
``demo`` makes an oblast of demo bureaus to try it. The format is described
in docs/statistical-package.md.
"""
