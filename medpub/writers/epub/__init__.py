"""Pieces of the EPUB writer that have one job each: labels, cover, page breaks,
accessibility metadata and the reproducible container. :mod:`medpub.writers.epub.book`
puts them together (EbookLib is imported only there); :mod:`medpub.writers.epub.writer`
holds the light writer class.
"""
