"""Quotations in an article and who said them, one module per pass.

``verify.article.extract.extract_quotes`` runs them in order: :mod:`marks` (quotation marks),
:mod:`sentences` (sentences and tokens), :mod:`cues` (speech cues, speaker phrases, content
regions), :mod:`frames` (the dependency parse's frames joined to the cues), :mod:`link` (which
cue each quotation belongs to), :mod:`resolve` (who a mention names), :mod:`claims`
(reported-speech claims) and :mod:`via` (the outlet credited). :mod:`words`, :mod:`phrases`,
:mod:`entities` and :mod:`outlets` hold the word lists, noun-phrase rules, the article's
people and the outlet gazetteer they share.
"""
