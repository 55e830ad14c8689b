"""Building: atomic writes, up-to-date stamps and scheduling of the writers of one article."""
