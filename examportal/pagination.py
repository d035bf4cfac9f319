from django.core.paginator import Paginator
from django.db.models import QuerySet


class KeyedPaginator(Paginator):
    """A paginator that finds a page's primary keys first, then loads only that page's rows.

    ``LIMIT 20 OFFSET 3980`` over whole rows makes the database sort 4,000 wide rows to throw
    3,980 away; over the keys alone an index answers it. The page is still one query: its keys
    are a subquery of the query that loads the rows. That is ``rows`` when given (the same
    order, joins and deferred fields, without the filters that found the keys), else the
    paginated queryset itself.
    """

    def __init__(self, object_list, per_page, *args, rows=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows

    def _get_page(self, object_list, *args, **kwargs):
        if isinstance(object_list, QuerySet):  # a slice of the paginated queryset
            rows = self.object_list if self.rows is None else self.rows
            object_list = rows.filter(pk__in=object_list.values("pk"))
        return super()._get_page(object_list, *args, **kwargs)
