"""The verify page's "Use a passkey or security key", for people who have added one."""

from django import template

from safeguarding import passkeys

register = template.Library()


@register.inclusion_tag("two_factor/passkey_sign_in.html", takes_context=True)
def passkey_sign_in(context: template.Context) -> dict:
    request = context["request"]
    if not (request.user.is_authenticated and passkeys.has_passkey(request.user)):
        return {"offered": False}
    return {"offered": True, "config": passkeys.configuration(request)}
