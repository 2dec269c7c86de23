"""Pages of the governance app, under /governance/, each area's pages listed once."""

from django.urls import URLPattern, URLResolver, path

from restorative.core.views import hub_page

from .views import barriers, picture, policies, report

app_name = "governance"

urlpatterns: list[URLPattern | URLResolver] = [
    # "Governance": the app's one section of the service navigation.
    path("", hub_page, {"hub": "governance"}, name="home"),
    # The implementation picture, measures and targets
    path("picture/", picture.picture_home, name="picture"),
    path("services/<uuid:service_uuid>/", picture.picture_service, name="picture_service"),
    path("teams/<uuid:team_uuid>/", picture.picture_team, name="picture_team"),
    path(
        "teams/<uuid:team_uuid>/measures/<slug:key>/",
        picture.measure_behind,
        name="measure_behind",
    ),
    path("outcomes/", picture.outcomes_home, name="outcomes"),
    path(
        "services/<uuid:service_uuid>/outcomes/",
        picture.outcomes_service,
        name="outcomes_service",
    ),
    path("teams/<uuid:team_uuid>/outcomes/", picture.outcomes_team, name="outcomes_team"),
    path("measures/<slug:key>/", picture.measure_definition, name="measure"),
    path("measures/<slug:key>/csv/", picture.measure_csv, name="measure_csv"),
    path("targets/", picture.targets, name="targets"),
    # The board report
    path("board-report/", report.board_report, name="board_report"),
    path("board-report/pdf/", report.board_report_pdf, name="board_report_pdf"),
    path("board-report/xlsx/", report.board_report_xlsx, name="board_report_xlsx"),
    # Barriers
    path("barriers/", barriers.barrier_list, name="barriers"),
    path("barriers/raise/", barriers.barrier_raise, name="barrier_raise"),
    path("barriers/<uuid:barrier_uuid>/", barriers.barrier_detail, name="barrier_detail"),
    # Policies
    path("policies/", policies.policy_list, name="policies"),
    path("policies/add/", policies.policy_add, name="policy_add"),
    path("policies/<uuid:policy_uuid>/", policies.policy_detail, name="policy_detail"),
    path(
        "policies/<uuid:policy_uuid>/versions/add/",
        policies.version_add,
        name="version_add",
    ),
    path(
        "policies/<uuid:policy_uuid>/triggers/add/",
        policies.trigger_add,
        name="trigger_add",
    ),
    path("versions/<uuid:version_uuid>/", policies.version_detail, name="version_detail"),
]
