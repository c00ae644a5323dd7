"""pretalx twin of the event of bench/cfp.sh (C1 C2): event `bench` with its call for talks
open and the same two formats ("Intervention courte" 15 min, "Éclair" 5 min).

Usage: PRETALX_CONFIG_FILE=... python -m pretalx shell --unsafe-disable-scopes < bench/pretalx_cfp_seed.py
(see bench/cfp.md for the whole setup).
"""
import datetime as dt
from django_scopes import scope, scopes_disabled
from pretalx.event.models import Event
from pretalx.event.utils import create_organiser_with_team
from pretalx.person.models import User
from pretalx.submission.models import SubmissionType

admin = User.objects.create_superuser(email="admin@example.org", password="bench-password-1", name="Admin")
organiser, team = create_organiser_with_team(name="Bench Org", slug="benchorg", users=[admin])
start = dt.date(2099, 3, 9)
with scopes_disabled():
    event = Event.objects.create(name="Bench", slug="bench", organiser=organiser, is_public=True,
        date_from=start, date_to=start, timezone="Europe/Paris",
        email="bench@example.org", locale_array="fr", locale="fr")
with scope(event=event):
    event.build_initial_data()
    team.limit_events.add(event)
    short = SubmissionType.objects.create(event=event, name="Intervention courte", default_duration=15)
    SubmissionType.objects.create(event=event, name="Éclair", default_duration=5)
    event.cfp.default_type = short
    event.cfp.deadline = dt.datetime(2099, 1, 15, 23, 59, tzinfo=event.tz)
    event.cfp.save()
    print("call open", event.cfp.is_open)
