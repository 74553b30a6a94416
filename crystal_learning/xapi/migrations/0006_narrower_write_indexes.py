"""Fewer indexes to maintain on every statement stored (issue 21): the outbox's
foreign keys lose their own indexes (the unique (statement, endpoint) and the
queue's (endpoint, status, statement) lead with them), and the registration
index keeps only the statements that have one."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("crystal_xapi", "0005_attachments"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="statement",
            name="crystal_stmt_registration",
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("registration__isnull", False)),
                fields=["registration", "seq"],
                name="crystal_stmt_registration",
            ),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="endpoint",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deliveries",
                to="crystal_xapi.lrsendpoint",
            ),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="statement",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deliveries",
                to="crystal_xapi.statement",
            ),
        ),
    ]
