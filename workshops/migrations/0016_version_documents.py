"""The stored PDF of a submitted version (workshops/models/documents.py), one per language."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import school.private_storage
import workshops.models.documents


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0015_text_limits"),
    ]

    operations = [
        migrations.CreateModel(
            name='VersionDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('ja', 'Japanese'), ('en', 'English')], max_length=2, verbose_name='language')),
                ('file', models.FileField(max_length=200, storage=school.private_storage.private_storage, upload_to=workshops.models.documents.version_document_upload_to, verbose_name='file')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('render_ms', models.PositiveIntegerField(default=0, verbose_name='rendering time (ms)')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='workshops.planversion', verbose_name='plan version')),
            ],
            options={
                'verbose_name': 'plan version PDF',
                'verbose_name_plural': 'plan version PDFs',
                'constraints': [models.UniqueConstraint(fields=('version', 'language'), name='version_document_one_per_language', violation_error_message='This version already has a PDF in this language.')],
            },
        ),
    ]
