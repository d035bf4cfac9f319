from examportal.roles import ADMINISTRATORS, EDITORS

PERMISSIONS = {
    EDITORS: ["news.view_column", "news.view_section"],
    ADMINISTRATORS: [
        "news.view_column", "news.add_column", "news.change_column",
        "news.view_section", "news.add_section", "news.change_section", "news.delete_section",
    ],
}
