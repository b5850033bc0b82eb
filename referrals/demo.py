"""Demo records of the referrals app: consultants' notes on a few participants and a couple of
priority cases on each waiting list. Idempotent: demo notes are replaced on every run."""

from accounts.models import Role

from .models import Participant, ParticipantNote, ParticipantStatus

PREFIX = "DEMO-"
NOTES = [
    "Talt med socialrådgiveren i telefonen; hun foreslår at mødes på behandlingsstedet første gang.",
    "Ønsker helst en kvindelig frivillig, som kan hjælpe med breve fra kommunen.",
    "Har brug for tolk til matchmødet. Tolk bestilt via behandlingsstedet.",
    "Ringede og spurgte til ventetiden. Fortalt at vi leder efter en frivillig i nærheden.",
]


def build(*, rng, today, users) -> None:
    ParticipantNote.objects.filter(participant__reference__startswith=PREFIX).delete()
    consultants = [user for user in users.values() if user.role == Role.CONSULTANT]
    for consultant in consultants:
        people = Participant.objects.filter(
            reference__startswith=PREFIX,
            region__in=consultant.regions.all(),
            status__in=[ParticipantStatus.REFERRED, ParticipantStatus.WAITING],
        ).order_by("reference")
        chosen = rng.sample(list(people), min(6, people.count()))
        for participant in chosen:
            ParticipantNote.objects.create(participant=participant, author=consultant, text=rng.choice(NOTES))
        waiting = [p for p in people if p.status == ParticipantStatus.WAITING]
        for participant in rng.sample(waiting, min(2, len(waiting))):
            participant.priority = True
            participant.save(update_fields=["priority"])
