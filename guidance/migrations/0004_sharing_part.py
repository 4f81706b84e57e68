"""Add the guide's part on sharing your record, for guides seeded before it existed.

`load_guide` only inserts what is missing (by slug), and here only this part, so an
editor's changes (to this part, if it is already there, or to any other) are kept.
"""

from django.db import migrations

from guidance.seed import load_guide

SLUG = "sharing-what-you-promised"


def forwards(apps, schema_editor):
    load_guide(apps, only={SLUG})


class Migration(migrations.Migration):
    dependencies = [("guidance", "0003_seed_guide")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
