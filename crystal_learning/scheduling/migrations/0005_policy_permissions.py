"""Training managers set abstraction policies."""

from django.db import migrations

PERMISSIONS = [
    "add_abstractionpolicy",
    "change_abstractionpolicy",
    "view_abstractionpolicy",
    "delete_abstractionpolicy",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("crystal_scheduling")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Training manager")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="crystal_scheduling", codename__in=PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Training manager").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="crystal_scheduling", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("crystal_scheduling", "0004_abstraction_policy_and_draft_plans")]

    operations = [migrations.RunPython(grant, revoke)]
