"""Full-text search over article titles and bodies, with Dutch stemming on both databases.

PostgreSQL (production): its own full-text search with the "dutch" configuration, ranked, title
weighted above body, together with the stored stems below (see _postgres for why). SQLite (the embedded default): the Snowball Dutch stemmer (the same algorithm
family PostgreSQL uses) over a stored field of stemmed words, `search_tokens`, refreshed by the
services on every version; every stem of the query must occur, ranked by how often they occur
(a title hit counts as three). Both answer "inspecties" with an article about "inspectie".
"""

import re
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from .models import Article

_WORD = re.compile(r"\w+", re.UNICODE)
TITLE_WEIGHT = 3


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def stems(text: str) -> list[str]:
    words = [word for word in _WORD.findall((text or "").lower()) if not word.isdigit() or len(word) > 1]
    return _stemmer().stemWords(words)


def tokens_for(title: str, body: str) -> str:
    """The stored search field: title stems repeated (weight), then body stems, spaces around each."""
    title_stems = stems(title)
    return " " + " ".join(title_stems * TITLE_WEIGHT + stems(body)) + " "


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def search(articles: QuerySet[Article], query: str) -> list[Article]:
    """The articles of `articles` that match every word of `query`, best first."""
    query = (query or "").strip()
    if not query:
        return list(articles)
    if uses_postgres():
        return _postgres(articles, query)
    return _sqlite(articles, query)


def _postgres(articles: QuerySet[Article], query: str) -> list[Article]:
    # PostgreSQL's own "dutch" dictionary (classic Snowball Dutch in PostgreSQL 15) leaves some plurals
    # apart ("inspecties"/"inspectie") that the current Snowball Dutch stemmer joins; the stored stems
    # are searched as well (config "simple": they are stemmed already), so both databases find what
    # the SQLite fallback finds, and PostgreSQL's dictionary can still add matches of its own.
    text = SearchVector("title", weight="A", config="dutch") + SearchVector("body", weight="B", config="dutch")
    wanted = SearchQuery(query, config="dutch", search_type="plain")
    tokens = SearchVector("search_tokens", config="simple")
    wanted_stems = SearchQuery(" ".join(stems(query)) or query, config="simple", search_type="plain")
    # The match (@@) requires every word; the rank alone would also score a partial match.
    found = articles.annotate(document=text, stemmed=tokens,
                              rank=SearchRank(text, wanted) + SearchRank(tokens, wanted_stems))
    return list(found.filter(Q(document=wanted) | Q(stemmed=wanted_stems)).order_by("-rank", "title"))


def _sqlite(articles: QuerySet[Article], query: str) -> list[Article]:
    wanted = sorted(set(stems(query)))
    if not wanted:
        return []
    for stem in wanted:
        articles = articles.filter(search_tokens__contains=f" {stem} ")
    found = list(articles)
    for article in found:
        words = article.search_tokens.split()
        article.rank = sum(words.count(stem) for stem in wanted)
    return sorted(found, key=lambda article: (-article.rank, article.title))
