"""What the test app contributes: a search provider, a sitemap section and a schedule."""

from examportal.search import Result, SearchProvider, query_terms
from examportal.sitemaps import PortalSitemap

PAGES = ["/thu-nghiem/mot/", "/thu-nghiem/hai/"]
# The next moment the app's public pages change by themselves (set by the tests).
NEXT_CHANGE = {"at": None}


def find(query):
    if not {"thu", "nghiem"} <= set(query_terms(query)):
        return []
    return [Result("Thử nghiệm", "Trang của ứng dụng thử nghiệm", PAGES[0],
                   "Một kết quả do ứng dụng thử nghiệm góp vào.", None)]


provider = SearchProvider("thu-nghiem", "Thử nghiệm", find)


class TrialSitemap(PortalSitemap):
    def items(self):
        return PAGES

    def location(self, item):
        return item


def next_change(now):
    return NEXT_CHANGE["at"]
