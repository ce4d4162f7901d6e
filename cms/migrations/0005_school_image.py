"""The school's own image model, stored privately (cms/images.py).

Images already uploaded are copied across with their ids, so the pages' image blocks and the
snippets' logos and photos keep pointing at the same pictures; their files are copied from the
public media store into the private one, and the reference index entries follow them. Renditions
are not copied: they are made again on use.
"""

import cms.images
import django.db.models.deletion
import modelsearch.index
import taggit.managers
import wagtail.images.models
import wagtail.models.media
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models


def copy_images(apps, schema_editor):
    Image = apps.get_model("wagtailimages", "Image")
    SchoolImage = apps.get_model("cms", "SchoolImage")
    storage = SchoolImage._meta.get_field("file").storage
    copied = []
    for old in Image.objects.all().iterator():
        name = old.file.name
        if name and not storage.exists(name):
            try:
                with old.file.open("rb") as source:
                    name = storage.save(name, source)
            except FileNotFoundError:
                pass  # the row is kept; Wagtail shows a missing file as it did before
        copied.append(
            SchoolImage(
                pk=old.pk,
                title=old.title,
                file=name,
                description=old.description,
                width=old.width,
                height=old.height,
                created_at=old.created_at,
                uploaded_by_user_id=old.uploaded_by_user_id,
                collection_id=old.collection_id,
                focal_point_x=old.focal_point_x,
                focal_point_y=old.focal_point_y,
                focal_point_width=old.focal_point_width,
                focal_point_height=old.focal_point_height,
                file_size=old.file_size,
                file_hash=old.file_hash,
            )
        )
    SchoolImage.objects.bulk_create(copied)
    for old in Image.objects.only("pk", "created_at").iterator():
        # bulk_create stamps auto_now_add fields with the present moment.
        SchoolImage.objects.filter(pk=old.pk).update(created_at=old.created_at)
    # Wagtail's reference index says where each image is used, and the image view decides by it:
    # the references to the old images are references to their copies.
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    old_type = ContentType.objects.filter(app_label="wagtailimages", model="image").first()
    if old_type is not None and copied:
        new_type, _created = ContentType.objects.get_or_create(app_label="cms", model="schoolimage")
        ReferenceIndex.objects.filter(to_content_type=old_type).update(to_content_type=new_type)
    if copied:
        # Rows inserted with their ids: PostgreSQL's sequence must move past them.
        with schema_editor.connection.cursor() as cursor:
            for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [SchoolImage]):
                cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0004_languages_and_review_workflow'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SchoolImage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('description', models.CharField(blank=True, default='', max_length=255, verbose_name='description')),
                ('width', models.IntegerField(editable=False, verbose_name='width')),
                ('height', models.IntegerField(editable=False, verbose_name='height')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('focal_point_x', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_y', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_width', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_height', models.PositiveIntegerField(blank=True, null=True)),
                ('file_size', models.PositiveIntegerField(editable=False, null=True)),
                ('file_hash', models.CharField(blank=True, db_index=True, editable=False, max_length=40)),
                ('file', wagtail.images.models.WagtailImageField(height_field='height', storage=cms.images.image_storage, upload_to=wagtail.images.models.get_upload_to, verbose_name='file', width_field='width')),
                ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
            ],
            options={
                'verbose_name': 'image',
                'verbose_name_plural': 'images',
                'abstract': False,
            },
            bases=(wagtail.images.models.ImageFileMixin, modelsearch.index.Indexed, models.Model),
        ),
        migrations.RunPython(copy_images, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='institution',
            name='logo',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.schoolimage', verbose_name='logo'),
        ),
        migrations.AlterField(
            model_name='instructorprofile',
            name='photo',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.schoolimage', verbose_name='photo'),
        ),
        migrations.CreateModel(
            name='SchoolRendition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('filter_spec', models.CharField(db_index=True, max_length=255)),
                ('width', models.IntegerField(editable=False)),
                ('height', models.IntegerField(editable=False)),
                ('focal_point_key', models.CharField(blank=True, default='', editable=False, max_length=16)),
                ('file', wagtail.images.models.WagtailImageField(height_field='height', storage=cms.images.image_storage, upload_to=wagtail.images.models.get_rendition_upload_to, width_field='width')),
                ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renditions', to='cms.schoolimage')),
            ],
            bases=(wagtail.images.models.ImageFileMixin, models.Model),
        ),
        migrations.AddIndex(
            model_name='schoolimage',
            index=models.Index(fields=['file'], name='cms_schoolimage_file_idx'),
        ),
        migrations.AddIndex(
            model_name='schoolrendition',
            index=models.Index(fields=['file'], name='cms_schoolrendition_file_idx'),
        ),
        migrations.AlterUniqueTogether(
            name='schoolrendition',
            unique_together={('image', 'filter_spec', 'focal_point_key')},
        ),
    ]
