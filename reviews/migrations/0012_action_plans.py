from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0011_lcspr_loose_ends'),
    ]

    operations = [
    ]
