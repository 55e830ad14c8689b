<?xml version="1.0" encoding="UTF-8"?>
<!-- Pronunciations for the narration of ketamine-therapy.md (W3C PLS 1.0, alias entries).
     medpub applies them before any voice; this file is found because it sits beside the
     article with the same stem. -->
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en">
  <lexeme>
    <grapheme>MedReport</grapheme>
    <alias>Med Report</alias>
  </lexeme>
</lexicon>
