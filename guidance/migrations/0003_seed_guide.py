"""Load the guide as first published and create the "Content editors" group.

Both steps only add what is missing, so re-running never overwrites later edits.
"""

from django.db import migrations

from guidance.seed import create_editor_group, load_guide


def forwards(apps, schema_editor):
    load_guide(apps)
    create_editor_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0002_parts_history_reading_progress"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
