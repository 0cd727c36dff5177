"""A short, recognisable name for the device of a session ("Firefox op Linux"), from its user agent.

Only this description is kept with the session's row, not the whole user-agent string: enough for a
user to recognise their own laptop or phone in "Mijn sessies", and nothing more about the device.
The tables are tried in order; the first marker found in the user agent wins (Edge and Opera also
say "Chrome", Chrome also says "Safari", Android also says "Linux").
"""

BROWSERS = (
    ("Edg/", "Edge"), ("Edge/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"), ("Safari/", "Safari"),
    ("curl/", "curl"), ("python-requests/", "Python"),
)
SYSTEMS = (
    ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
    ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"),
)


def _first(table: tuple[tuple[str, str], ...], user_agent: str) -> str | None:
    return next((name for marker, name in table if marker in user_agent), None)


def describe(user_agent: str) -> str:
    """"Firefox / Linux"; without words of a language (the page is Dutch or English); "" when unknown."""
    return " / ".join(name for name in (_first(BROWSERS, user_agent), _first(SYSTEMS, user_agent)) if name)
