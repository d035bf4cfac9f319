"""The site search's two ways of putting the apps' answers together: the key pages a query names
(``key_pages`` contributions, shown above the results) and the "all" tab, which mixes the kinds
of results by relevance instead of listing one kind after the other."""

from datetime import date, datetime

from examportal.registry import contributions
from examportal.search import query_terms

MAX_KEY_PAGES = 4
# A query this short (in letters) names a page only when it spells one of its phrases whole.
MIN_PREFIX_LETTERS = 4


def _contains(words, part, *, prefix_last=False):
    """Where ``part`` occurs in ``words`` as consecutive words (the last one may be a prefix)."""
    size = len(part)
    for start in range(len(words) - size + 1):
        window = words[start:start + size]
        if window[:-1] != part[:-1]:
            continue
        last, wanted = window[-1], part[-1]
        if last == wanted or (prefix_last and last.startswith(wanted)):
            return True
    return False


def _phrase_score(terms, phrase):
    """How well the query words ``terms`` name a page's ``phrase`` (0: not at all).

    The whole phrase in the query ("lich thi 2021" names "lịch thi") counts most, the query
    as the start of a phrase ("duong day" names "đường dây nóng") less."""
    words = query_terms(phrase)
    if not words:
        return 0
    if _contains(terms, words):
        return 10 * len(words) + (5 if len(words) == len(terms) else 0)
    if sum(len(term) for term in terms) >= MIN_PREFIX_LETTERS and _contains(
            words, terms, prefix_last=True):
        return 3 * len(terms)
    return 0


def key_pages_for(query, limit=MAX_KEY_PAGES):
    """The key pages the query names, best first (diacritics and case ignored); no query."""
    terms = query_terms(query)
    if not terms:
        return []
    found = {}
    for order, provider in enumerate(contributions("key_pages")):
        for position, page in enumerate(provider()):
            score = max((_phrase_score(terms, phrase) for phrase in page.words), default=0)
            if score and (page.url not in found or found[page.url][0] > -score):
                found[page.url] = (-score, order, position, page)
    return [entry[-1] for entry in sorted(found.values(), key=lambda e: e[:3])][:limit]


def _day(value):
    if isinstance(value, datetime):
        return value.date().toordinal()
    if isinstance(value, date):
        return value.toordinal()
    return 0


class MixedResults:
    """Every provider's results as one sequence ordered by relevance: the result whose title
    holds more of the query's words first (as a phrase, then the shorter title), then the
    official kinds (documents, answered questions), then the newest. Each provider keeps its
    own order (a merge), so a page needs only each provider's first ``stop`` results: a fixed
    number of queries per page."""

    def __init__(self, parts, query):
        self.parts = parts  # [(SearchProvider, its results)]
        self.terms = query_terms(query)

    def __len__(self):
        return sum(len(results) for _provider, results in self.parts)

    count = __len__

    def _relevance(self, provider, result):
        words = query_terms(result.title)
        hits = sum(1 for term in self.terms if any(word.startswith(term) for word in words))
        phrase = len(self.terms) > 1 and _contains(words, self.terms, prefix_last=True)
        # The share of the title the query covers: "Điểm thi" before a long title naming it.
        share = round(hits / len(words), 2) if words else 0
        return (hits, phrase, share, provider.listed_first, _day(result.date))

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        if stop is None:
            stop = len(self)
        heads = [(provider, list(results[:stop])) for provider, results in self.parts]
        keys = [[self._relevance(provider, r) for r in items] for provider, items in heads]
        cursor = [0] * len(heads)
        merged = []
        while len(merged) < stop:
            best = None
            for index, (_provider, items) in enumerate(heads):
                if cursor[index] < len(items) and (
                        best is None or keys[index][cursor[index]] > keys[best][cursor[best]]):
                    best = index
            if best is None:
                break
            merged.append(heads[best][1][cursor[best]])
            cursor[best] += 1
        return merged[start:stop]
