from django.http import HttpRequest, HttpResponse


def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    raise NotImplementedError
