"""Import of families and allocations from the case management system's CSV."""

from django.http import HttpRequest, HttpResponse, Http404

from . import permissions


def import_start(request: HttpRequest) -> HttpResponse:
    if not permissions.can_import_families(request.user):
        raise Http404
    return HttpResponse("Import is being built.")
