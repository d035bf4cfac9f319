from django.apps import AppConfig


class PluginAppConfig(AppConfig):
    """An app that plugs into the portal by declaring what it offers, and touches no other file."""

    name = "tests.portal.plugin_app"
    label = "plugin_app"
    contributes = {
        "search": ["tests.portal.plugin_app.contributions.provider"],
        "sitemaps": {"thu-nghiem": "tests.portal.plugin_app.contributions.TrialSitemap"},
        "page_cache_schedule": ["tests.portal.plugin_app.contributions.next_change"],
    }
