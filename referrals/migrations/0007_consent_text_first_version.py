import datetime

from django.db import migrations

PARTICIPANT = (
    "Jeg giver samtykke til, at Livet Går Videre opbevarer de oplysninger, min socialrådgiver har "
    "givet om mig, for at finde en frivillig til mig og følge op på forløbet. Oplysningerne ses kun "
    "af projektets medarbejdere. Jeg kan til enhver tid trække mit samtykke tilbage; så stopper "
    "forløbet, og mine oplysninger slettes."
)
VOLUNTEER = (
    "Jeg giver samtykke til, at Livet Går Videre opbevarer oplysningerne i min ansøgning og fra "
    "samtalen med mig, for at vurdere mig som frivillig og finde en deltager til mig. Jeg kan til "
    "enhver tid trække mit samtykke tilbage; så slettes mine oplysninger."
)


def add_texts(apps, schema_editor):
    ConsentText = apps.get_model("referrals", "ConsentText")
    for kind, text in (("participant", PARTICIPANT), ("volunteer", VOLUNTEER)):
        ConsentText.objects.get_or_create(
            kind=kind, version=1, defaults={"text": text, "published_on": datetime.date(2011, 1, 1)}
        )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0006_consent_withdrawal_erasure")]
    operations = [migrations.RunPython(add_texts, migrations.RunPython.noop)]
