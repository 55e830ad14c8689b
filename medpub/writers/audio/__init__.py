"""Speech: what is read aloud and how it becomes an MP3 with chapters and a transcript.

The pipeline, one module per step::

    narrate.build_script(document)   -> Script (chapters of utterances with pauses)
    lexicon / normalize              -> the words each engine receives
    engines.open_engine(voice, lang) -> Engine (medpub.voices.VOICES and plugins)
    record.record(script, engine)    -> Recording (PCM + cue and chapter times), via cache
    loudness.normalise(pcm, rate)    -> −16 LUFS, true peak ≤ −1.5 dBTP
    mp3.encode / tags.write_tags / vtt.webvtt -> the files
    timings.NarrationTimings         -> published for the EPUB (overlays) and the page (read-along)

Heavy dependencies (onnxruntime, gTTS, Pillow, mutagen, lameenc, pyebur128) load only inside the step
that needs them.
"""
