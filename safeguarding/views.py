from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import access, selectors
from .forms import AccountChangesFilterForm, SignInForm
from .http import AuthenticatedRequest
from .selectors import home_work_lists


def home(request: AuthenticatedRequest) -> HttpResponse:
    work_lists = home_work_lists(user=request.user)
    access.cases_shown(user=request.user, what="home page work lists",
                       case_ids=[item.case_id for work_list in work_lists
                                 for item in work_list.items])
    return render(request, "home.html", {"work_lists": work_lists})


def account_changes(request: AuthenticatedRequest) -> HttpResponse:
    """The audit log of accounts: who changed whose role, agency, active flag or two-factor
    devices, and when; newest first, filtered by person."""
    if not request.user.has_perm("safeguarding.view_account_changes"):
        raise PermissionDenied
    form = AccountChangesFilterForm(request.GET or None,
                                    people=selectors.people_in_account_changes())
    person = form.cleaned_data["person"] if form.is_bound and form.is_valid() else None
    page = Paginator(selectors.account_changes(person=person), 50).get_page(
        request.GET.get("page"))
    return render(request, "registration/account_changes.html", {
        "form": form, "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=1,
                                                                on_ends=1))})


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


@login_not_required
def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin has no sign-in page of its own; a signed-in user who is not an
    administrator is refused rather than sent round to sign in again."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next", "/"))


@login_not_required
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and docker-compose: the process is up and the database answers."""
    connection.ensure_connection()
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
