"""Every free-text field of the plan and the feedback gets its limit (workshops/limits.py). A
text field's max_length changes no column; the limits bind the forms and the services."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0014_merge_integration"),
    ]

    operations = [
        migrations.AlterField(
            model_name='assessment',
            name='overall_feedback',
            field=models.TextField(blank=True, max_length=8000, verbose_name='overall feedback'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='governance_security_risks',
            field=models.TextField(blank=True, max_length=8000, verbose_name='governance, cybersecurity and risks'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='outcomes_and_kpis_narrative',
            field=models.TextField(blank=True, max_length=8000, verbose_name='outcomes and KPIs'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='strategy_it_systems_data',
            field=models.TextField(blank=True, max_length=8000, verbose_name='strategy: IT systems and data'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='strategy_organisation_talent_culture',
            field=models.TextField(blank=True, max_length=8000, verbose_name='strategy: organisation, talent and culture'),
        ),
        migrations.AlterField(
            model_name='plan',
            name='vision_and_business_model',
            field=models.TextField(blank=True, max_length=8000, verbose_name='vision and business model'),
        ),
        migrations.AlterField(
            model_name='roadmapinitiative',
            name='expected_outcome',
            field=models.TextField(blank=True, max_length=1000, verbose_name='expected outcome'),
        ),
    ]
