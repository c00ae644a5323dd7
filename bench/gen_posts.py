#!/usr/bin/env python3
"""Writes N Eleventy-style Markdown posts for the public-pages benchmark (A2, A3).

Usage: gen_posts.py DIR [N] [SEED]   (N = 1000, SEED = 2027 by default)

Each post has the front matter the BlueHats site uses (title, description, date,
tags) and a French body that states the event's date the way organisers write it:
"le 12 mars 2027 de 10h à 17h", "les 9 et 10 janvier 2024", "le 3 juin 2026 toute
la journée". Dates spread from 2019 to 2029, so the home page has both upcoming and
past events. Same SEED, same files: runs compare like with like. Standard library only.
"""

import os
import random
import sys
from datetime import date, timedelta

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
KINDS = ["Garagethon", "Hackathon", "Journée Mutualisons", "Atelier", "Demi-journée",
         "Rencontre", "Conférence"]
THEMES = ["logiciels libres", "mutualisation", "accessibilité numérique", "données ouvertes",
          "sécurité des systèmes", "communs numériques", "interopérabilité", "documentation",
          "design des services publics", "sobriété numérique"]
VENUES = [
    ("Lieu de la Transformation Publique", "77 avenue de Ségur 75015 Paris",
     "https://osm.org/go/0BOdSvERD?node=9825094308"),
    ("Paris Expo Porte de Versailles", "1 place de la Porte de Versailles 75015 Paris",
     "https://osm.org/go/0BOdM~Ym-"),
    ("Hôtel de Région", "1 esplanade François Mitterrand 69002 Lyon",
     "https://osm.org/go/xV1t~Z8"),
    ("Maison de l'Europe", "35-37 rue des Francs-Bourgeois 75004 Paris",
     "https://osm.org/go/0BOd8P~z"),
]
TAGS = ["bluehats", "rencontre", "garagethon", "hackathon", "mutualisation", "atelier",
        "accessibilite", "open-data"]


def french_date(d: date) -> str:
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


def when_sentence(rng: random.Random, start: date) -> str:
    shape = rng.randrange(4)
    if shape == 0:
        return f"le {french_date(start)} de {rng.choice([9, 10, 14])}h à {rng.choice([12, 17, 18])}h"
    if shape == 1:
        end = start + timedelta(days=1)
        if end.month == start.month:
            return f"les {start.day} et {end.day} {MONTHS[start.month - 1]} {start.year}, de 10h à 17h les deux jours"
        return f"du {french_date(start)} au {french_date(end)}"
    if shape == 2:
        return f"le {french_date(start)} toute la journée"
    return f"le {french_date(start)} de {rng.choice([9, 10])}h{rng.choice(['', '30'])} à 17h"


def post(rng: random.Random, index: int) -> tuple[str, str]:
    kind = rng.choice(KINDS)
    theme = rng.choice(THEMES)
    start = date(2019, 1, 1) + timedelta(days=rng.randrange(11 * 365))
    published = start - timedelta(days=rng.randrange(14, 90))
    venue, address, osm = rng.choice(VENUES)
    when = when_sentence(rng, start)
    title = f"{kind} #BlueHats {theme} n°{index}"
    tags = rng.sample(TAGS, rng.randrange(1, 4))
    # Both shapes seen in the seeds: `tags: bluehats` and a YAML list.
    if len(tags) == 1 and rng.random() < 0.5:
        tag_yaml = f"tags: {tags[0]}"
    else:
        tag_yaml = "tags:\n" + "\n".join(f"  - {t}" for t in tags)
    paragraphs = [
        f"## 🧢 {kind} : {theme}",
        f"Vous êtes agent public et travaillez sur des {theme} pour votre administration ? "
        f"Rejoignez-nous {when} au [{venue}]({osm}), au {address}.",
        "La participation est gratuite dans la limite des places disponibles. "
        f"Vous pouvez vous préinscrire jusqu'au {french_date(start - timedelta(days=7))} ; "
        f"un mail de confirmation vous sera envoyé le {french_date(start - timedelta(days=5))}.",
        "## ✏️ Ce que nous allons faire",
        "Au début de la journée, chaque personne présentera le ou les **objectifs tangibles** "
        "qu'elle se donne sur des dépôts de code source. Elle formulera aussi des "
        "**demandes d'aide précises** : corrections de bugs, nouvelles fonctionnalités, "
        "documentation, tests, traduction.",
        "- Accueil café à 9h30\n- Présentations éclair\n- Travail en groupes\n- Rétrospective à 16h30",
        "Pour toute question, écrivez à [bluehats@example.org](mailto:bluehats@example.org).",
    ]
    text = (
        "---\n"
        f'title: "{title}"\n'
        f'description: "{kind} consacré aux {theme}, {when}, au {venue}."\n'
        f"date: {published.isoformat()}\n"
        f"{tag_yaml}\n"
        "---\n\n" + "\n\n".join(paragraphs) + "\n"
    )
    name = f"{published.isoformat()}-{kind.lower().replace(' ', '-').replace('é', 'e')}-{index:04d}.md"
    return name, text


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: gen_posts.py DIR [N] [SEED]", file=sys.stderr)
        return 2
    folder = argv[1]
    count = int(argv[2]) if len(argv) > 2 else 1000
    rng = random.Random(int(argv[3]) if len(argv) > 3 else 2027)
    os.makedirs(folder, exist_ok=True)
    for index in range(1, count + 1):
        name, text = post(rng, index)
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {count} posts to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
