# H2: the public programme pages (templates/public/programme/). The same ids in locales/fr/programme.ftl.

# Rust: web::public::programme (titles, tabs, exports, kinds, change log)
title-programme = Programme — { $event }
title-programme-day = Programme for { $day } — { $event }
title-programme-rooms = Programme by room — { $event }
title-programme-tracks = Programme by track — { $event }
title-programme-versions = Programme versions — { $event }
programme-at = { $date } at { $time }
programme-all-days = All days
programme-by-room = By room
programme-by-track = By track
programme-export-ics = Calendar (iCalendar)
programme-export-csv = Spreadsheet (CSV)
programme-export-frab = Conference apps (frab XML)
programme-export-json = Conference apps (JSON)
programme-common-room = Common area
programme-no-speaker = none
programme-change-added = Added
programme-change-cancelled = Cancelled
programme-change-moved = Moved
programme-change-speakers = Speakers changed
programme-change-retitled = New title
programme-was-planned = planned { $placement }
programme-speakers-before-after = before: { $before }; after: { $after }
programme-formerly = formerly “{ $title }”
programme-kind-talk = Talk
programme-kind-workshop = Workshop
programme-kind-break = Break
programme-kind-meal = Meal
programme-kind-welcome = Welcome
programme-kind-plenary = Plenary
programme-kind-text = Information

# public/programme/macros.html
programme-release-html = Version “{ $name }”, published on { $date } (Paris time). <a class="fr-link fr-link--sm" href="{ $url }">Change history</a>
programme-views = Programme views
programme-download = Download the programme
programme-time = Time
programme-item-title = Title
programme-room = Room
programme-speakers = Speakers
programme-track = Track

# public/programme/days.html
programme = Programme
programme-heading = Programme — { $event }
programme-day-caption = Programme for { $day }, Paris time

# public/programme/rooms.html
programme-by-room-title = Programme by room
programme-by-room-heading = Programme by room — { $event }
programme-capacity = Capacity: { $count } places
programme-accessibility = Accessibility: { $text }
programme-room-caption = { $room }, { $day }, Paris time

# public/programme/tracks.html
programme-by-track-title = Programme by track
programme-by-track-heading = Programme by track — { $event }

# public/programme/versions.html
programme-history-title = Version history
programme-history-heading = Programme history — { $event }
programme-version = Version “{ $name }”
programme-published-html = Published on <time datetime="{ $iso }">{ $date }</time> (Paris time).
programme-change-line-html = <strong>{ $label }</strong>: { $title } — { $detail }
programme-no-change = No change from the previous version.

# public/programme/item.html
programme-time-paris = Time (Paris time)
programme-places = ({ $count } places)
programme-accessibility-label = Accessibility
programme-speaker-count = { $count ->
    [one] Speaker
   *[other] Speakers
}
programme-item-release = Version “{ $name }” of the programme, published on { $date }.

# public/programme/speaker.html
programme-photo-of = Photo of { $name }
programme-bio = Biography
programme-talk-count = { $count ->
    [one] Talk
   *[other] Talks
}
