from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0013_learning_dissemination'),
    ]

    operations = [
    ]
