"""Every model of every project app is classified in privacy.registry: a text, char, e-mail, JSON or
file field is personal (erasure overwrites it, or deletes the row) or named as not personal. A model
or field added later fails here until someone decides."""

from django.apps import apps
from django.db import models

from lib.project import project_apps
from privacy.registry import REGISTRY

TEXT_LIKE = (models.CharField, models.TextField, models.JSONField, models.FileField)


def _text_fields(model) -> set[str]:
    # A field with choices holds a code from a fixed list, never a free value.
    return {f.name for f in model._meta.concrete_fields if isinstance(f, TEXT_LIKE) and not f.choices}


def _project_models():
    for app in project_apps():
        for model in app.get_models():
            yield model._meta.label_lower, model


def test_every_model_of_every_project_app_is_in_the_registry():
    missing = sorted(label for label, _ in _project_models() if label not in REGISTRY)
    assert missing == [], f"classify these models in privacy/registry.py: {missing}"


def test_every_text_field_is_personal_or_named_not_personal():
    unclassified = []
    for label, model in _project_models():
        entry = REGISTRY.get(label)
        if entry is None or entry.delete:
            continue
        left = _text_fields(model) - set(entry.erase) - entry.not_personal
        unclassified += [f"{label}.{name}" for name in sorted(left)]
    assert unclassified == [], f"personal (erase) or not_personal in privacy/registry.py: {unclassified}"


def test_the_registry_names_only_fields_that_exist():
    stale = []
    for label, entry in REGISTRY.items():
        model = apps.get_model(label)
        names = {f.name for f in model._meta.concrete_fields}
        stale += [f"{label}.{n}" for n in sorted((set(entry.erase) | entry.not_personal) - names)]
        for lookup in (entry.participant, entry.volunteer):
            if lookup and lookup != "pk":
                model._default_manager.filter(**{lookup: 0})  # a wrong lookup raises FieldError
    assert stale == []


def test_a_personal_model_says_how_to_find_the_person():
    lost = [
        label
        for label, entry in REGISTRY.items()
        if (entry.erase or entry.delete) and not (entry.participant or entry.volunteer or entry.rows)
    ]
    assert lost == []


def test_a_new_model_with_a_text_field_is_caught():
    class Receipt(models.Model):  # noqa: DJ008
        note = models.TextField()
        file = models.FileField()

        class Meta:
            app_label = "privacy"

    try:
        assert _text_fields(Receipt) == {"note", "file"}
        assert "privacy.receipt" not in REGISTRY
    finally:
        del apps.all_models["privacy"]["receipt"]
        apps.clear_cache()
