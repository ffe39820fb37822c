from django.http import HttpRequest, HttpResponse


def task_list(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError
