"""news.workflow.TRANSITIONS is the one statement of the article workflow.

For every stage × role × move, four answers must agree: the rules as written below (today's
workflow, the spec), the table, the service, and the buttons the admin's workflow panel offers.
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from examportal.roles import OPERATORS
from examportal.services import ServiceError
from news import services, workflow
from news.admin import ArticleAdmin, run_transition
from news.models import Article, ArticleEvent, public_article_sql

pytestmark = pytest.mark.django_db
Status = Article.Status
Action = ArticleEvent.Action

STAGES = ["draft", "pending", "scheduled", "public", "expired", "withdrawn"]
ROLES = ["author", "other contributor", "editor", "operator"]
MOVES = ["submit", "publish", "schedule", "return", "withdraw", "reopen"]

# The rules, written out: (stage, role) -> the moves allowed. Every pair not listed allows none.
# "author" is the contributor who wrote the article; editors may do everything but write for
# someone else, and may also send a draft for review.
EXPECTED = {
    ("draft", "author"): {"submit"},
    ("draft", "editor"): {"submit", "publish", "schedule"},
    ("pending", "editor"): {"return", "publish", "schedule"},
    ("scheduled", "editor"): {"publish", "schedule", "withdraw"},
    ("public", "editor"): {"withdraw"},
    ("expired", "editor"): {"withdraw"},
    ("withdrawn", "editor"): {"reopen"},
}


@pytest.fixture
def people(contributor, contributor2, editor, make_staff):
    return {"author": contributor, "other contributor": contributor2, "editor": editor,
            "operator": make_staff(OPERATORS, username="tongdai")}


@pytest.fixture
def in_stage(make_article, contributor):
    """in_stage("scheduled"): an article by the contributor, in that stage."""
    now = timezone.now()

    def make(stage):
        fields = {
            "draft": {"status": Status.DRAFT},
            "pending": {"status": Status.PENDING},
            "scheduled": {"publish_at": now + timedelta(days=1)},
            "public": {"publish_at": now - timedelta(days=1)},
            "expired": {"publish_at": now - timedelta(days=2), "expires_at": now - timedelta(hours=1)},
            "withdrawn": {"status": Status.WITHDRAWN, "publish_at": now - timedelta(days=2)},
        }[stage]
        article = make_article(author=contributor, **fields)
        assert workflow.stage(article) == {"public": Status.PUBLISHED, "expired": Status.PUBLISHED}.get(
            stage, stage)
        return article

    return make


def call_service(move, article, user):
    later = timezone.now() + timedelta(days=3)
    calls = {
        "submit": lambda: services.submit_article(article, user),
        "return": lambda: services.return_article(article, user, "Bổ sung nguồn tin."),
        "publish": lambda: services.publish_article(article, user),
        "schedule": lambda: services.schedule_article(article, user, later),
        "withdraw": lambda: services.withdraw_article(article, user, "Thông tin chưa chính xác"),
        "reopen": lambda: services.reopen_article(article, user),
    }
    calls[move]()


def panel_offers(client, user, article):
    """The moves the change form's workflow panel has a button for (none if the page is closed)."""
    client.force_login(user)
    response = client.get(reverse("admin:news_article_change", args=[article.pk]))
    if response.status_code != 200:
        return set()
    return set(re.findall(r'name="action" value="(\w+)"', response.content.decode()))


def test_the_table_covers_every_move_once():
    assert list(workflow.TRANSITIONS) == MOVES  # also the panel's order
    events = [t.event for t in workflow.TRANSITIONS.values()]
    assert sorted(events) == sorted([Action.SUBMITTED, Action.PUBLISHED, Action.SCHEDULED,
                                     Action.RETURNED, Action.WITHDRAWN, Action.REOPENED])
    stages = set(Status.values) | {workflow.SCHEDULED}
    for move in workflow.TRANSITIONS.values():
        assert move.sources <= stages and move.target in Status.values
        assert move.button and move.done and move.verb
        if move.needs in (workflow.Needs.COMMENT, workflow.Needs.TIME, workflow.Needs.REASON):
            assert move.field_label
        if move.needs not in (workflow.Needs.NOTHING, workflow.Needs.REASON):
            assert move.missing


@pytest.mark.parametrize("move", MOVES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("stage", STAGES)
def test_service_table_and_panel_agree(client, in_stage, people, stage, role, move):
    user = people[role]
    expected = move in EXPECTED.get((stage, role), set())
    article = in_stage(stage)
    status = article.status

    assert (move in workflow.allowed_actions(user, article)) is expected
    assert (move in panel_offers(client, user, article)) is expected

    if expected:
        call_service(move, article, user)
        article.refresh_from_db()
        assert article.status == workflow.TRANSITIONS[move].target
        event = article.events.get()
        assert (event.action, event.from_status, event.to_status, event.actor) == (
            workflow.TRANSITIONS[move].event, status, article.status, user)
    else:
        with pytest.raises((PermissionDenied, ServiceError)):
            call_service(move, article, user)
        article.refresh_from_db()
        assert article.status == status
        assert not article.events.exists()


@pytest.mark.parametrize("move", MOVES)
def test_the_panel_makes_each_move_with_the_tables_message(client, in_stage, editor, move):
    table = workflow.TRANSITIONS[move]
    stage = next(s for s in STAGES if move in EXPECTED.get((s, "editor"), set()))
    article = in_stage(stage)
    at = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    client.force_login(editor)
    page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert table.button_for(article) in page
    if table.field_label:
        assert table.field_label in page
    response = client.post(reverse("admin:news_article_workflow", args=[article.pk]), {
        "action": move, "version": article.version, "comment": "Ghi chú của biên tập viên",
        "publish_at": at.strftime("%Y-%m-%dT%H:%M"),
    }, follow=True)
    assert table.message(at if table.needs == workflow.Needs.TIME else None) in response.content.decode()
    article.refresh_from_db()
    assert article.status == table.target
    event = article.events.get()
    assert event.action == table.event
    assert event.comment == {"return": "Ghi chú của biên tập viên",
                             "withdraw": "Ghi chú của biên tập viên",
                             "schedule": f"Xuất bản lúc {at:%H:%M %d/%m/%Y}"}.get(move, "")


def test_a_scheduled_article_offers_to_move_its_time(in_stage, editor):
    schedule = workflow.TRANSITIONS["schedule"]
    assert schedule.button_for(in_stage("scheduled")) == "Đổi lịch xuất bản"
    assert schedule.button_for(in_stage("draft")) == "Lên lịch xuất bản"


@pytest.mark.parametrize(("move", "data", "stage"), [
    ("submit", {}, "draft"),
    ("return", {"comment": "   "}, "pending"),
    ("schedule", {"publish_at": "01/01/2000 07:00"}, "pending"),
])
def test_what_a_move_needs_is_checked_before_anything_changes(make_article, editor, move, data,
                                                              stage, contributor):
    fields = {"lead": ""} if move == "submit" else {}
    article = make_article(status=Status(stage), author=contributor, **fields)
    with pytest.raises(ServiceError) as excinfo:
        run_transition(article, editor, move, data, article.version)
    assert excinfo.value.message == workflow.TRANSITIONS[move].missing
    article.refresh_from_db()
    assert article.status == stage and not article.events.exists()


def test_an_unknown_move_is_refused(make_article, editor):
    article = make_article(status=Status.DRAFT)
    with pytest.raises(ServiceError, match="không hợp lệ"):
        run_transition(article, editor, "delete", {}, article.version)
    with pytest.raises(ServiceError, match="không hợp lệ"):
        services.transition(article, editor, "delete")


def test_list_actions_are_offered_by_who_the_table_names(rf, contributor, editor):
    from django.contrib.admin.sites import site

    model_admin = ArticleAdmin(Article, site)
    for user, expected in ((contributor, {"submit_selected"}),
                           (editor, {"submit_selected", "publish_selected", "withdraw_selected"})):
        request = rf.get("/")
        request.user = user
        actions = set(model_admin.get_actions(request)) & set(ArticleAdmin.BULK_MOVES)
        assert actions == expected


def test_the_review_queue_lists_the_status_submit_leads_to(client, editor, contributor, in_stage):
    assert workflow.REVIEW == Status.PENDING and sorted(workflow.DRAFTING) == [Status.DRAFT]
    for stage in STAGES:
        in_stage(stage)
    client.force_login(editor)
    assert "Hàng chờ duyệt bài viết (1)" in client.get(reverse("admin:index")).content.decode()
    client.force_login(contributor)
    assert "Bản nháp: 1 · Đang chờ duyệt: 1" in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("stage", STAGES)
def test_the_orm_and_sql_statements_of_public_agree(in_stage, stage):
    article = in_stage(stage)
    now = timezone.now()
    table = Article._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT a.id FROM {table} a WHERE a.id = %(id)s AND {public_article_sql('a')}",  # noqa: S608
                       {"id": article.pk, "published": Status.PUBLISHED, "now": adapt(now)})
        in_sql = cursor.fetchone() is not None
    assert in_sql == Article.objects.published(now).filter(pk=article.pk).exists()
    assert in_sql == article.is_public == (stage == "public")
    assert Article.objects.scheduled(now).filter(pk=article.pk).exists() == article.is_scheduled
