from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0009_lcspr_engagement'),
    ]

    operations = [
    ]
