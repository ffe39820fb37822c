from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .fields import GovukDateField, without_dashes


class SignInForm(AuthenticationForm):
    """Email and password, with the GOV.UK Design System's wording for errors."""

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        # The same words whether the email is unknown, the password wrong or the account
        # inactive, so that the page never tells who has an account.
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            Submit("submit", "Sign in"),
        )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self) -> dict:
        try:
            return super().clean()
        except ValidationError as error:
            # At the email field, which the error summary links to, not only above the form.
            self.add_error("username", error)
            return self.cleaned_data


class ActionForm(forms.Form):
    """One question page: every field laid out as its GOV.UK component, then one button.
    Shown with templates/action.html; every app's one-question pages are made of these."""

    button = "Save"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        without_dashes(self)
        self.lay_out()

    def lay_out(self) -> None:
        """The page's components, from the fields as they are now: a form that removes a
        field after ``__init__`` lays itself out again."""
        self.helper = FormHelper()
        self.helper.layout = Layout(*(self._component(name) for name in self.fields),
                                    Submit("submit", self.button))

    def _component(self, name: str) -> Field:
        form_field = self.fields[name]
        if isinstance(form_field.widget, forms.RadioSelect):
            return Field.radios(name, legend_size=Size.MEDIUM)
        if isinstance(form_field.widget, forms.CheckboxSelectMultiple):
            return Field.checkboxes(name, legend_size=Size.MEDIUM, small=True)
        if isinstance(form_field.widget, forms.Textarea):
            return Field.textarea(name, label_size=Size.MEDIUM, rows=6)
        if isinstance(form_field, GovukDateField):
            return Field(name, context={"legend_size": Size.for_legend(Size.MEDIUM)})
        return Field.text(name, label_size=Size.MEDIUM, field_width=Fluid.TWO_THIRDS)


class AccountChangesFilterForm(forms.Form):
    """The audit log of accounts, filtered by one person (sent with GET: their number, never
    a name, in the address)."""

    person = forms.TypedChoiceField(
        label="Person", required=False, coerce=int, empty_value=None,
        help_text="Changes to their account, and changes they made",
        error_messages={"invalid_choice": "Select a person from the list"})

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Everyone"), *people]  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("person", label_size=Size.SMALL),
                                    Submit("", "Filter", css_id="filter"))
