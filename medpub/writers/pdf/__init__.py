"""Helpers of the PDF handout writer (:mod:`medpub.writers.pdf.writer`).

Kept apart so each has one job and none imports WeasyPrint at medpub import time:
``fetcher`` (what the renderer may read), ``deadline`` (the time limit), ``qr`` (the QR
code), ``meta`` (dates and titles for metadata and the running header) and ``handout``
(the HTML that WeasyPrint lays out).
"""
