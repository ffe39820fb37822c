from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0012_action_plans'),
    ]

    operations = [
    ]
