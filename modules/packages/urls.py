from django.urls import path, re_path

from . import cmi5, scorm, serving, views

app_name = "crystal_packages"

urlpatterns = [
    path(
        "launch/<int:page_id>/<int:unit_index>/",
        views.package_launch,
        name="launch",
    ),
    path("player/<uuid:launch_id>/", views.package_player, name="player"),
    path("finished/<uuid:launch_id>/", views.package_finished, name="finished"),
    # An empty path reverses to the launch's folder (a base for relative URLs).
    re_path(r"^run/(?P<token>[^/]+)/(?P<path>.*)$", serving.package_file, name="file"),
    # cmi5's one-time token URL (cmi5 helper: modules/packages/cmi5.py).
    path("cmi5/fetch/<uuid:launch_id>/", cmi5.fetch, name="cmi5-fetch"),
    # SCORM commits from the sandboxed SCO (scorm helper: modules/packages/scorm.py).
    path("scorm/<str:token>/commit", scorm.commit, name="scorm-commit"),
]
