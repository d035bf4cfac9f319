"""The publish storm's editor: publishes an article every INTERVAL seconds through the news
services (as the admin does), printing when each publish committed; removes its articles at the end.

    python bench/publisher.py COUNT INTERVAL RUN_ID

Prints ``READY`` once set up and waits for a line on stdin, then prints
``PUBLISHED {"n", "at" (epoch seconds), "slug", "url"}`` per article, then ``DONE``; removes its
articles after a second line on stdin (``CLEANED``). Run with the benchmark's environment
(DATABASE_URL, REDIS_URL).
"""

import json
import os
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examportal.settings")
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402

from examportal.roles import EDITORS  # noqa: E402
from news.models import Article, Section  # noqa: E402
from news.services import publish_article  # noqa: E402

TITLE = "Tin nhanh kiểm tra tải {run} số {n:02d}"


def main(count, interval, run):
    user, _ = User.objects.get_or_create(username="bench_storm_editor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=EDITORS))
    section = Section.objects.get(column__year=2021, slug="tinh-hinh-to-chuc-thi")
    prefix = TITLE.format(run=run, n=0)[:-3]
    print("READY", flush=True)
    sys.stdin.readline()  # "GO": the load is on
    next_at = time.monotonic()
    try:
        for n in range(1, count + 1):
            time.sleep(max(0.0, next_at - time.monotonic()))
            article = Article.objects.create(
                section=section, title=TITLE.format(run=run, n=n), author=user,
                lead="Bài mẫu của phép đo tải khi xuất bản liên tục.", body="<p>Đo tải.</p>",
                status=Article.Status.DRAFT)
            publish_article(article, user)
            print("PUBLISHED", json.dumps({"n": n, "at": time.time(), "slug": article.slug,
                                           "url": article.get_absolute_url()}), flush=True)
            next_at += interval
        print("DONE", flush=True)
        sys.stdin.readline()  # the watcher has seen them (or given up)
    finally:
        try:
            for article in Article.objects.filter(title__startswith=prefix):
                article.delete()
        except Exception as exc:  # the measurement is done; say so and leave the rows
            print(f"CLEANUP FAILED: {exc}", file=sys.stderr, flush=True)
    print("CLEANED", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3])
