"""The bureau's one PDF house: every document the project prints is built here.

    fonts.py      DejaVu Sans registered once (thread-safe), one family name
    paper.py      page geometries (slip A5/A4/80 mm roll, A4 documents); no reportlab
    styles.py     colours, paragraph styles, escaping, tables that split long cells
    canvas.py     the one numbered canvas: footer in its own box, "page X of Y"
    document.py   story -> PDF bytes on a geometry, with letterhead and footers
    charts.py     horizontal bars (labels wrap), monthly bars, line, pie

Slips (``bureau.slips``), the commission's and signals' documents
(``bureau.documents``, ``bureau.commission.agenda``, ``bureau.signals.report``),
the monthly report (``bureau.reports.pdf``) and the access-request export
(``bureau.privacy.access_pdf``) are all built on these modules, so a fix to a
footer, a font or a chart reaches every document at once.

This package imports nothing: reportlab is loaded only by the modules that
need it, so the CLI and the desk stay quick to open (``paper`` is cheap).
"""
