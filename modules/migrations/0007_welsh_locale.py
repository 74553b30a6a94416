"""A Welsh locale beside the default one when the site offers Welsh content
(WAGTAIL_CONTENT_LANGUAGES), and content editors allowed to translate pages
into it with wagtail-localize's "Translate" action (docs/welsh.md). A host
site without wagtail-localize or without Welsh content gets neither."""

from django.apps import apps as installed
from django.conf import settings
from django.db import migrations

LOCALIZE = installed.is_installed("wagtail_localize")


def welsh_locale_create(apps, schema_editor):
    languages = dict(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", []) or [])
    if "cy" not in languages:
        return
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="cy")
    if not LOCALIZE:
        return
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    submit = Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).first()
    editors = Group.objects.filter(name="Content editor").first()
    if submit is not None and editors is not None:
        editors.permissions.add(submit)


class Migration(migrations.Migration):
    dependencies = [
        ("crystal_modules", "0006_packages"),
        ("crystal_people", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        *(
            [("wagtail_localize", "0006_create_submit_translation_permission")]
            if LOCALIZE
            else []
        ),
    ]

    operations = [
        migrations.RunPython(welsh_locale_create, migrations.RunPython.noop),
    ]
