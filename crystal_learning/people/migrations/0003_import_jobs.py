import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("crystal_people", "0002_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="peopleimport",
            name="applied_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="peopleimport",
            name="preview",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The stored dry run: counts, problems and the first rows.",
                verbose_name="preview",
            ),
        ),
        migrations.AddField(
            model_name="peopleimport",
            name="rows_done",
            field=models.PositiveIntegerField(default=0, verbose_name="rows checked"),
        ),
        migrations.AddField(
            model_name="peopleimport",
            name="rows_total",
            field=models.PositiveIntegerField(default=0, verbose_name="rows"),
        ),
        migrations.AlterField(
            model_name="peopleimport",
            name="status",
            field=models.CharField(
                choices=[
                    ("checking", "Checking"),
                    ("previewed", "Previewed"),
                    ("applying", "Applying"),
                    ("applied", "Applied"),
                    ("failed", "Failed"),
                ],
                default="previewed",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="staff_number",
            field=models.CharField(
                help_text="Letters, digits and hyphens, e.g. D2001. Also the user name.",
                max_length=20,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "\\A[A-Za-z0-9][A-Za-z0-9-]*\\Z",
                        "Use letters, digits and hyphens, starting with a letter or "
                        "digit.",
                    )
                ],
                verbose_name="staff number",
            ),
        ),
    ]
