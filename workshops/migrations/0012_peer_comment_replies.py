import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0011_instructors_grant_extensions"),
    ]

    operations = [
        migrations.AddField(
            model_name="peercomment",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="replies",
                to="workshops.peercomment",
                verbose_name="reply to",
            ),
        ),
    ]
