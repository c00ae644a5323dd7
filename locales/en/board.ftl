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

# board/participant.html and web::participant::board (the participant's own board)
title-board-mine = My board: { $event }
board-mine-title = My board
board-mine-you-are-html = You are <strong>{ $name }</strong>. Your name appears on the board next to what you offer; your address is shown only to the people whose help you accept, or who accept yours.
board-mine-registration = My registration
board-mine-form-errors = The form contains errors: they are shown under the fields concerned.
board-mine-projects = Projects, objectives and requests for help
board-mine-published-by = published by { $publisher }
board-mine-licence = licence { $licence }
board-mine-maintainers = maintainers present: { $maintainers }
board-mine-objectives = Objectives
board-mine-status-of = Status of “{ $title }”
board-mine-link = Link to the issue or merge request
board-mine-save = Save
board-mine-save-objective = the objective “{ $title }”
board-mine-closed = Closed
board-mine-asked-by = requested by { $owner }
board-mine-skills = Skills: { $skills }
board-mine-help-accepted = Help accepted: { $helpers }
board-mine-offers-help = { $helper } offers to help
board-mine-offers-help-saying = { $helper } offers to help: “{ $message }”
board-mine-accept = Accept
board-mine-decline = Decline
board-mine-help-of = the help of { $helper }
board-mine-close = Close
board-mine-reopen = Reopen
board-mine-the-request = the request “{ $title }”
board-mine-your-offer = Your offer:
board-mine-write-to = write to
board-mine-withdraw-help = Withdraw my help
board-mine-on = on “{ $title }”
board-mine-offer-word = A word for “{ $title }” (optional)
board-mine-offer-help = Offer my help
board-mine-no-request = No request for help.
board-mine-no-project = No project yet: add yours below.
board-mine-add-project = Add a project
board-mine-url = Repository address
board-mine-url-hint = GitHub, GitLab, Codeberg, SourceHut or any git repository: https://… or git@host:path
board-mine-name = Project name
board-mine-name-hint = By default, the repository’s name
board-mine-publisher = Public body that publishes it
board-mine-licence-label = Licence
board-mine-licence-hint = For example EUPL-1.2, MIT, AGPL-3.0
board-mine-description = Short description
board-mine-maintainers-label = Maintainers present
board-mine-add-project-button = Add the project
board-mine-add-objective = Add an objective
board-mine-project = Project
board-mine-objective-title = Concrete, verifiable objective
board-mine-estimate = Estimated time
board-mine-estimate-hint = A number of hours (1 to 16), “half-day” or “day”
board-mine-link-hint = Optional, https://…
board-mine-add-objective-button = Add the objective
board-mine-ask-help = Ask for help
board-mine-kind = Type of help
board-mine-request-title = Precise request
board-mine-details = Details
board-mine-useful-skills = Useful skills
board-mine-newcomers = Ideal for a first contribution
board-mine-publish-request = Publish the request
board-mine-withdraw-talk = Withdraw my talk
board-mine-talk-title = Title of your lightning talk
board-mine-minutes = Length in minutes
board-mine-minutes-hint = From 1 to 10 minutes
board-mine-sign-up = Sign me up
board-mine-retro = My review
board-mine-retro-intro = At the end of the event: what you did, and what others taught you.
board-mine-done = What I did
board-mine-learned = What I learned from others
board-mine-links = Links to the merged work
board-mine-links-hint = One link per line, https://…
board-mine-save-retro = Save my review
# Rust: web::participant::board (field names for the form errors, errors)
board-field-project-name = The project name
board-field-publisher = The public body that publishes it
board-field-licence = The licence
board-field-description = The description
board-field-maintainers = The maintainers present
board-field-objective = The objective
board-field-request = The request
board-field-details = The details
board-field-skills = The skills
board-field-message = The message
board-field-talk-title = The title
board-field-done = What you did
board-field-learned = What you learned
board-error-objective-project = Choose the project this objective belongs to.
board-error-estimate = Give an estimated time: a number of hours from 1 to 16, “half-day” or “day”.
board-error-status = Choose a status.
board-error-request-project = Choose the project concerned.
board-error-kind = Choose the type of help requested.
board-error-minutes = A lightning talk lasts from 1 to 10 minutes.
board-error-too-many-links = 30 links at most.
board-error-link-line = { $line }: { $error }
board-error-offer-action = Unknown action on this offer of help.
# Rust: web::participant::board (domain::forge::BadUrl and domain::board::Refusal, in forms)
board-url-empty = The repository address is required.
board-url-too-long = The repository address is too long (500 characters at most).
board-url-spaces = The repository address must contain neither spaces nor control characters.
board-url-scheme = Address refused: only https://, git://, ssh:// or git@host:path addresses are accepted.
board-url-credentials = Address refused: it must not contain a user name or password.
board-url-host = Address refused: the server name is invalid.
board-url-internal = Address refused: internal or local addresses (localhost, IP addresses, private network) are not accepted.
board-url-no-path = The address must point to a repository (for example https://forge.example.org/team/project), not just a server.
board-url-path = The repository path contains invalid characters.
board-url-link-scheme = The link must start with https:// (or http://).
board-refusal-project-already-listed = This project is already on this event’s board.
board-refusal-already-signed-up = You have already signed up for a lightning talk.
