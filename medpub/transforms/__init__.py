"""Transforms: document in, document out, run at build time with the build's options.

Citations are formatted here (not at load time) so a ``--templates`` override of a
citation term reaches every output; sentences get the ids that the text, the narration
and the transcript share; the narration script is derived from the finished document.
"""
