"""The documented limits on input, so no article can make medpub hang or exhaust memory.

Each limit is far above what a patient article needs (the example is 12 KB with 8
references and no image) and low enough that the slowest writer stays within its time
limit and the build within about 1 GB. The README's Safety section lists them.
"""

from __future__ import annotations

#: the article file (front matter and body together)
ARTICLE_BYTES = 2_000_000
#: one-line fields: title, subtitle, names, ids, slug, keywords, statements
LINE_CHARS = 1_000
#: longer front-matter texts: the disclaimer, the description, a preformatted reference
TEXT_CHARS = 20_000
#: words of the body and the disclaimer: what is narrated and laid out (about two hours of
#: speech and 40 printed pages; a patient article has 600 to 3,000), so the audio's PCM and the
#: PDF's layout stay within memory and their time limits
WORDS = 20_000
#: references, authors and keywords of one article
LIST_ITEMS = 2_000
#: nesting of lists and block quotes in Markdown (markdown-it silently cuts deeper ones)
BLOCK_NESTING = 12
#: nesting of YAML/JSON values
DATA_NESTING = 40
#: one image or logo file, and its decoded size
RESOURCE_BYTES = 20_000_000
IMAGE_PIXELS = 40_000_000
#: images in one article
IMAGES = 200
#: fields whose values may be long texts rather than one line
LONG_FIELDS = frozenset({"disclaimer", "description", "text", "abstract", "note", "body", "statement"})
