"""The meldpunt's languages, each named in itself. The staff interface has only nl and en
(settings.LANGUAGES); the meldpunt chooses its language by URL, so these need no entry there."""

LANGUAGES = (("nl", "Nederlands"), ("en", "English"), ("pl", "Polski"), ("ro", "Română"), ("bg", "Български"))
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)
