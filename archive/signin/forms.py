"""The one field of every second-factor page: a code from the app, or a recovery code."""

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        # Apps show "123 456"; recovery codes are easier to read aloud as "abcd-efgh".
        return "".join(ch for ch in self.cleaned_data["code"] if ch not in " -").casefold()


class AppCodeForm(CodeForm):
    code = forms.CharField(
        label="Code from the app",
        max_length=16,
        help_text="Six digits. A new code appears every 30 seconds.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
