from django.db import migrations

from regiekamer.core.append_only import append_only

# The tags every installation starts with; case types match cases.CaseType, partners the
# organisation kinds. Written out here (not imported) so that the migration stays as it was.
TAGS = [
    ("zaaktype", "overbewoning", "Overbewoning"),
    ("zaaktype", "brandveiligheid", "Brandveiligheid"),
    ("zaaktype", "goed_verhuurderschap", "Goed verhuurderschap"),
    ("zaaktype", "uitbuiting", "Uitbuiting"),
    ("zaaktype", "brp_adresonderzoek", "BRP-adresonderzoek"),
    ("wet", "wgv", "Wet goed verhuurderschap"),
    ("wet", "awb", "Algemene wet bestuursrecht"),
    ("wet", "omgevingswet", "Omgevingswet"),
    ("wet", "woningwet", "Woningwet"),
    ("wet", "huisvestingswet", "Huisvestingswet"),
    ("wet", "wet_brp", "Wet basisregistratie personen"),
    ("partner", "brandweer", "Brandweer"),
    ("partner", "politie", "Politie"),
    ("partner", "arbeidsinspectie", "Nederlandse Arbeidsinspectie"),
    ("partner", "ggd", "GGD"),
    ("partner", "riec", "RIEC"),
    ("partner", "woningcorporatie", "Woningcorporatie"),
    ("partner", "uitzendbranche", "Uitzendbranche (ABU/NBBU)"),
    ("partner", "parkexploitant", "Exploitant vakantiepark"),
    ("partner", "gemeente_burgerzaken", "Burgerzaken (BRP)"),
]


def add_tags(apps, schema_editor):
    Tag = apps.get_model("knowledge", "Tag")
    for group, value, label in TAGS:
        Tag.objects.get_or_create(group=group, value=value, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        append_only("knowledge_articleversion"),
        append_only("knowledge_attachment"),
        append_only("knowledge_lessonlink"),
        append_only("knowledge_actionevent"),
        migrations.RunPython(add_tags, migrations.RunPython.noop),
    ]
