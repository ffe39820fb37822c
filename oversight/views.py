from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def authorised(request: HttpRequest) -> None:
    """Every oversight page: the business unit, managers, the safeguarding partners and the
    scrutineer, who read every case."""
    if not request.user.has_perm("oversight.view_oversight"):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    authorised(request)
    return render(request, "oversight/index.html")
