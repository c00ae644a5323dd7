# H2: the board pages (templates/board/). The same ids in locales/fr/board.ftl.

# Rust: web::public::board (titles and labels of the domain's codes)
title-board = Board: { $event }
title-board-live = Live board: { $event }
title-board-retro = Board review: { $event }
board-estimate-hours = { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
}
board-estimate-half-day = half a day
board-estimate-day = a day
board-status-proposed = Proposed
board-status-in-progress = In progress
board-status-done = Achieved
board-status-dropped = Dropped
board-kind-bug-fix = Bug fix
board-kind-feature = New feature
board-kind-documentation = Documentation
board-kind-tests = Tests
board-kind-design = Design and usability
board-kind-translation = Translation
board-kind-accessibility = Accessibility
board-kind-packaging = Packaging
board-kind-other = Other
board-offer-offered = Offered
board-offer-accepted = Accepted
board-offer-declined = Declined
board-offer-withdrawn = Withdrawn

# board/fragment.html
board-figure-projects = { $count ->
    [one] project
   *[other] projects
}
board-figure-objectives = { $count ->
    [one] objective achieved
   *[other] objectives achieved
} out of { $total }
board-figure-requests = { $count ->
    [one] request for help
   *[other] requests for help
}
board-figure-help = { $count ->
    [one] helping hand
   *[other] helping hands
}
board-requests = Requests for help
board-pinned = Priority
board-newcomers = Ideal for beginners
board-with = With { $names }
board-wants-help = Looking for help
board-no-request = No request for help yet.
board-projects = Projects and objectives
board-other-editions = Already worked on during: { $editions }
board-no-objective = No objective yet.
board-no-project = No project yet.
board-talks = Lightning talks
board-nobody = Nobody has signed up yet.

# board/public.html
board-title = Garagethon board
board-projector = Projector view
board-review = Review

# board/live.html
board-live-status = Board updated when the page was loaded.

# board/macros.html
board-choose = Choose

# board/retro.html
board-retro-title = Garagethon review
board-in-figures = In figures
board-figure-help-given = { $count ->
    [one] helping hand given
   *[other] helping hands given
}
board-figure-contributors = { $count ->
    [one] contributor
   *[other] contributors
}
board-figure-merges = { $count ->
    [one] linked merge request
   *[other] linked merge requests
}
board-figure-talks = { $count ->
    [one] lightning talk
   *[other] lightning talks
}
board-achieved = Objectives achieved
board-follow-up = follow-up
board-follow-up-of = of “{ $title }”
board-none-achieved = No objective achieved.
board-no-project-on-board = No project on the board.
board-what-each-did = What each person did and learned
board-retro-of = Review by { $name }
board-done = Done:
board-learned = Learned:
board-no-retro = Nobody has filled in their review yet.

# board/fragment.html
board-minutes = { $speaker }, { $minutes } min
