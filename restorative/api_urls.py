"""The REST API: one set of routes per app, and the OpenAPI schema and docs (served locally).

The schema and docs are for signed-in people only, like the rest of the API: token first so
that anonymous callers get 401 (restorative/core/api.py).
"""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import BaseRenderer, JSONRenderer

from restorative.core.api import SIGNED_IN

# drf-spectacular's Swagger page carries one small inline <style> block (box-sizing and
# background). Allow exactly that block by its hash rather than 'unsafe-inline'; the test
# recomputes the hash from the page, so an upgrade that changes the block is noticed.
SWAGGER_INLINE_STYLE_HASH = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"


class DocsView(SpectacularSwaggerSplitView):
    """The Swagger page. OPTIONS is answered in JSON, as on every other API route: the page's
    HTML renderer has no template for it."""

    def get_renderers(self) -> list[BaseRenderer]:
        if self.request.method == "OPTIONS":
            return [JSONRenderer()]
        return list(super().get_renderers())


docs_view = csp_update({"style-src": [SWAGGER_INLINE_STYLE_HASH]})(
    DocsView.as_view(url_name="api-schema", **SIGNED_IN)
)

urlpatterns = [
    path("", include("restorative.people.api.urls")),
    path("", include("restorative.practice.api.urls")),
    path("", include("restorative.language.api.urls")),
    path("", include("restorative.workforce.api.urls")),
    path("", include("restorative.evaluation.api.urls")),
    path("", include("restorative.governance.api.urls")),
    path("schema/", SpectacularAPIView.as_view(**SIGNED_IN), name="api-schema"),
    path("docs/", docs_view, name="api-docs"),
]
