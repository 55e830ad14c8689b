"""Words and dates in the article's language: label tables and locale-aware formatting.

Every word medpub adds to an output comes from ``templates/labels/<lang>.yaml`` through
:mod:`medpub.locale.labels`; a user's ``--templates`` folder overrides any of them.
"""
