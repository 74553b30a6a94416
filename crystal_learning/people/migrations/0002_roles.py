"""Create the four roles as groups, with their permissions.

Permissions normally appear after migrations (post_migrate), so this migration
creates the ones it needs first. Re-running it (or migrating back and forth)
leaves the same groups and permissions.
"""

from django.db import migrations

ROLE_MODEL_PERMISSIONS = {
    "Learner": [],
    "Supervisor": [
        ("crystal_people", "view_person"),
        ("crystal_people", "view_team"),
    ],
    "Training manager": [
        ("wagtailadmin", "access_admin"),
        ("crystal_people", "add_person"),
        ("crystal_people", "change_person"),
        ("crystal_people", "view_person"),
        ("crystal_people", "add_team"),
        ("crystal_people", "change_team"),
        ("crystal_people", "view_team"),
        ("crystal_people", "add_absence"),
        ("crystal_people", "change_absence"),
        ("crystal_people", "delete_absence"),
        ("crystal_people", "view_absence"),
        ("crystal_people", "add_shiftpattern"),
        ("crystal_people", "change_shiftpattern"),
        ("crystal_people", "view_shiftpattern"),
        ("crystal_people", "add_peopleimport"),
        ("crystal_people", "view_peopleimport"),
    ],
    "Content editor": [
        ("wagtailadmin", "access_admin"),
    ],
}

EDITOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailmedia", "add_media"),
    ("wagtailmedia", "change_media"),
    ("wagtailmedia", "choose_media"),
]


def ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")

    def permission(app_label, codename):
        return Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()

    for name, wanted in ROLE_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            found = permission(app_label, codename)
            if found is not None:
                group.permissions.add(found)

    editors = Group.objects.get(name="Content editor")
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            found = permission("wagtailcore", codename)
            if found is not None:
                GroupPagePermission.objects.get_or_create(
                    group=editors, page=root_page, permission=found
                )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
            found = permission(app_label, codename)
            if found is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=editors, collection=root_collection, permission=found
                )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_MODEL_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("crystal_people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
