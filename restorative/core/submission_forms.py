"""The base of a create form that saves once however often it is posted (`core.submission`):
its hidden token is minted when the form is first shown, and sent back with the post."""

from __future__ import annotations

from typing import Any

from django import forms

from .submission import new_submission_token, submission_token_field


class SubmissionTokenForm(forms.Form):
    """A form whose hidden `submission_token` makes a repeated POST save once."""

    submission_token = submission_token_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", new_submission_token())
