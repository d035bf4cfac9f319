"""Feed URLs (namespace ``feeds``): RSS, Atom and JSON Feed for the column, sections and tags."""

from django.urls import path

from . import embed, feeds

urlpatterns = [
    path("ky-thi/<int:year>/rss.xml", feeds.rss, name="column-rss"),
    path("ky-thi/<int:year>/atom.xml", feeds.atom, name="column-atom"),
    path("ky-thi/<int:year>/feed.json", feeds.json_feed, name="column-json"),
    path("ky-thi/<int:year>/<slug:section>/rss.xml", feeds.rss, name="section-rss"),
    path("ky-thi/<int:year>/<slug:section>/atom.xml", feeds.atom, name="section-atom"),
    path("ky-thi/<int:year>/<slug:section>/feed.json", feeds.json_feed, name="section-json"),
    path("chu-de/<slug:tag>/rss.xml", feeds.rss, name="tag-rss"),
    path("chu-de/<slug:tag>/atom.xml", feeds.atom, name="tag-atom"),
]

urlpatterns += [
    path("theo-doi/", embed.FollowView.as_view(), name="follow"),
    path("nhung-tin/", embed.EmbedGeneratorView.as_view(), name="embed"),
    path("nhung-tin/khung/<int:year>/", embed.embed_frame, name="embed-frame"),
]
