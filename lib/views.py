"""The one shape of an action view."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def form_action(request, form, *, run, done, page):
    """POST a small form → one service call → its success message and a redirect; an invalid form,
    or an operation the service refuses (its message at the form, nothing saved) → the page again
    with the errors, status 400. A GET shows the page.

    `run(data)` makes the service call with the form's cleaned data and returns the success message;
    `done` is where to go afterwards (anything `redirect` takes);
    `page(form, status)` renders the page with the form."""
    if request.method == "POST":
        if form.is_valid():
            try:
                message = run(form.cleaned_data)
            except ValidationError as error:  # OperationRefused, or a model's own validation
                form.add_error(None, error.messages)
            else:
                messages.success(request, message)
                return redirect(done)
        return page(form, status=400)
    return page(form, status=200)
