"""pretalx twin of bench/gen_programme.py (D3 D4): 300 confirmed talks of 40 minutes in 8
rooms over 3 days from 2027-03-09, released as "v1", in event `bench`.

Usage: PRETALX_CONFIG_FILE=... python -m pretalx shell --unsafe-disable-scopes < bench/pretalx_seed.py
(see bench/programme.md for the whole setup).
"""
import datetime as dt
from django_scopes import scope, scopes_disabled
from pretalx.event.models import Event
from pretalx.event.utils import create_organiser_with_team
from pretalx.person.models import SpeakerProfile, User
from pretalx.schedule.models import Room
from pretalx.submission.models import Submission, SubmissionType, Track

admin = User.objects.create_superuser(email="admin@example.org", password="bench-password-1", name="Admin")
organiser, team = create_organiser_with_team(name="Bench Org", slug="benchorg", users=[admin])
start = dt.date(2027, 3, 9)
with scopes_disabled():
    event = Event.objects.create(name="Bench", slug="bench", organiser=organiser, is_public=True,
        date_from=start, date_to=start + dt.timedelta(days=2), timezone="Europe/Paris",
        email="bench@example.org", locale_array="fr", locale="fr")
with scope(event=event):
    event.build_initial_data()
    team.limit_events.add(event)
    talk = SubmissionType.objects.create(event=event, name="Intervention", default_duration=40)
    tracks = [Track.objects.create(event=event, name=n, color=c) for n, c in [("Communs numériques", "#000091"), ("Accessibilité", "#18753c"), ("Données ouvertes", "#ffe800"), ("Sécurité", "#ce0500"), ("Mutualisation", "#6a6af4")]]
    rooms = [Room.objects.create(event=event, name=f"Salle {n}", position=n, capacity=40 + 10 * n) for n in range(1, 9)]
    n = 0
    for d in range(3):
        for r, room in enumerate(rooms):
            count = 13 if d * 8 + r < 12 else 12
            for slot in range(count):
                n += 1
                user = User.objects.create_user(email=f"speaker{n}@example.org", password=None, name=f"Intervenante {n}")
                SpeakerProfile.objects.create(user=user, event=event, biography="")
                sub = Submission.objects.create(event=event, title=f"Intervention {n} : retour d'expérience",
                    submission_type=talk, track=tracks[n % 5], abstract=f"Résumé de l'intervention {n}.",
                    description="", content_locale="fr", state="confirmed")
                sub.speakers.add(user)
                slot_obj = sub.slots.first()
                if slot_obj is None:
                    from pretalx.schedule.models import TalkSlot
                    slot_obj = TalkSlot.objects.create(submission=sub, schedule=event.wip_schedule)
                begin = dt.datetime.combine(start + dt.timedelta(days=d), dt.time(9, 0), tzinfo=event.tz) + dt.timedelta(minutes=40 * slot)
                slot_obj.start = begin
                slot_obj.end = begin + dt.timedelta(minutes=40)
                slot_obj.room = room
                slot_obj.save()
    event.wip_schedule.freeze("v1", notify_speakers=False)
    print("scheduled", n)
