from examportal.roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS

# Contributors write and submit their own drafts (the admin shows them only their own);
# editors review, publish, schedule and withdraw everyone's (news.publish_article).
PERMISSIONS = {
    EDITORS: [
        "news.view_column", "news.view_section",
        "news.view_article", "news.add_article", "news.change_article", "news.publish_article",
        "news.view_articletag", "news.add_articletag", "news.change_articletag",
        "news.delete_articletag",
    ],
    CONTRIBUTORS: [
        "news.view_article", "news.add_article", "news.change_article",
    ],
    ADMINISTRATORS: [
        "news.view_column", "news.add_column", "news.change_column",
        "news.view_section", "news.add_section", "news.change_section", "news.delete_section",
        "news.view_articletag", "news.change_articletag", "news.delete_articletag",
    ],
}
