#!/usr/bin/env python3
"""Writes the YAML programme of the programme benchmark (D1): 300 items in 8 rooms over
3 days from DATE, 40 minutes each from 9 h, no room overlap and no speaker in two places,
so that it releases without an override. Standard library only.

Usage: gen_programme.py DATE   (the first day, e.g. 2027-03-09)
"""

import sys
from datetime import date, timedelta

KINDS = ["talk", "talk", "workshop", "talk", "plenary"]
TRACKS = [("Communs numériques", "#000091"), ("Accessibilité", "#18753c"), ("Données ouvertes", "#ffe800"),
          ("Sécurité", "#ce0500"), ("Mutualisation", "#6a6af4")]


def main() -> None:
    first = date.fromisoformat(sys.argv[1])
    rooms = [f"Salle {n}" for n in range(1, 9)]
    print("rooms:")
    for n, r in enumerate(rooms):
        print(f'  - {{ name: "{r}", capacity: {40 + 10 * n}, accessibility: "Accessible en fauteuil roulant" }}')
    print("tracks:")
    for name, colour in TRACKS:
        print(f'  - {{ name: "{name}", colour: "{colour}" }}')
    print("items:")
    n = 0
    # 24 room-days: the first 12 hold 13 items, the others 12: 300 in all.
    for d in range(3):
        day = first + timedelta(days=d)
        for r, room in enumerate(rooms):
            count = 13 if d * 8 + r < 12 else 12
            for slot in range(count):
                n += 1
                minutes = 9 * 60 + slot * 40
                start = f"{day.isoformat()} {minutes // 60:02d}:{minutes % 60:02d}"
                track = TRACKS[n % len(TRACKS)][0]
                print(f'  - {{ id: {n}, kind: {KINDS[n % len(KINDS)]}, title: "Intervention {n} : retour d\'expérience", '
                      f'start: "{start}", minutes: 40, room: "{room}", track: "{track}", '
                      f'speakers: ["Intervenante {n}", "Intervenant {n + 1000}"], summary: "Résumé de l\'intervention {n}." }}')


if __name__ == "__main__":
    main()
