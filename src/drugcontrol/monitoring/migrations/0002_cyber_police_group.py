"""The ``cyber_police`` group with the monitoring permission: an administrator adds the analysts to it."""

from django.db import migrations


def create_group(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("monitoring"), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="cyber_police")
    group.permissions.add(Permission.objects.get(content_type__app_label="monitoring", codename="monitor"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="cyber_police").delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_sites_crawls_cases"), ("auth", "0012_alter_user_first_name_max_length"),
                    ("contenttypes", "0002_remove_content_type_name")]  # fmt: skip
    operations = [migrations.RunPython(create_group, remove_group)]
