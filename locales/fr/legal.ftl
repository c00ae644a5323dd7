# H2: the legal pages (templates/public/legal/). The same ids in locales/en/legal.ftl.

# public/legal/notice.html
title-legal-notice = Mentions légales
legal-publisher = Éditeur
legal-published-by = Ce site est édité par { $publisher }{ $address }.
legal-publisher-missing = L’éditeur de ce site n’a pas encore été renseigné par les personnes qui l’exploitent.
legal-director = Direction de la publication
legal-not-given = Non renseignée.
legal-host = Hébergement
legal-hosted-by = Ce site est hébergé par { $host }{ $address }.
legal-host-missing = L’hébergeur de ce site n’a pas encore été renseigné.
legal-contact = Contact
legal-contact-missing = Aucune adresse de contact n’a encore été renseignée.
legal-accessibility-data = Accessibilité et données personnelles
legal-accessibility-data-html = L’état de conformité du site au RGAA est décrit dans la <a href="/accessibilite">déclaration d’accessibilité</a>. Le traitement de vos données est décrit sur la page <a href="/donnees-personnelles">données personnelles</a>.
legal-software = Logiciel
legal-software-text = Ce site fonctionne avec rencontres, logiciel libre publié sous la licence EUPL-1.2. Sauf mention contraire, les textes des événements appartiennent à leurs organisateurs.

# public/legal/site_map.html
title-site-map = Plan du site
site-map-feeds-html = Abonnements : <a href="/flux.atom" type="application/atom+xml">flux Atom des événements</a>, <a href="/calendrier.ics" type="text/calendar">calendrier des événements (iCalendar)</a>
title-accessibility = Déclaration d’accessibilité
title-personal-data = Données personnelles

# public/legal/accessibility.html
a11y-commitment = { $site } s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.
a11y-documents = Cet engagement se traduit par les documents suivants :
a11y-multi-year = Schéma pluriannuel de mise en accessibilité
a11y-action-plan = Plan d’actions de l’année en cours
a11y-plans-missing = Le schéma pluriannuel de mise en accessibilité et le plan d’actions de l’année n’ont pas encore été publiés.
a11y-applies-html = Cette déclaration s’applique au site <a href="{ $url }/">{ $url }</a>.
a11y-state = État de conformité
a11y-full-html = Le site { $site } est <strong>totalement conforme</strong> au référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1.2.
a11y-partial-html = Le site { $site } est <strong>partiellement conforme</strong> au référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1.2, en raison des non-conformités énumérées plus bas.
a11y-none-html = Le site { $site } est <strong>non conforme</strong> au référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1.2{ $audit ->
    [none] {" "}: aucun audit de conformité n’a encore été réalisé
   *[done] {""}
}.
a11y-results = Résultats des tests
a11y-audit-html = L’audit de conformité réalisé { $auditor ->
    [none] {""}
   *[other] par { $auditor } {""}
}le { $date } établit que { $rate ->
    [none] une partie des critères
   *[other] { $rate } % des critères
} du RGAA version 4.1.2 sont respectés.
a11y-no-audit = Aucun audit de conformité n’a encore été réalisé : il n’y a donc pas de taux de conformité à publier.
a11y-content = Contenus non accessibles
a11y-non-conformities = Non-conformités
a11y-no-non-conformity = L’audit n’a relevé aucune non-conformité.
a11y-listed-after-audit = Elles seront listées ici après le premier audit.
a11y-burden = Dérogations pour charge disproportionnée
a11y-none-f = Aucune.
a11y-out-of-scope = Contenus non soumis à l’obligation d’accessibilité
a11y-none-m = Aucun.
a11y-drawn-up = Établissement de cette déclaration
a11y-drawn-up-on = Cette déclaration a été établie le { $date }.
a11y-drawn-up-missing = La date d’établissement de cette déclaration n’a pas encore été renseignée.
a11y-technologies = Technologies utilisées pour la réalisation du site
a11y-html5 = HTML5
a11y-css = CSS, avec le système de design de l’État (DSFR)
a11y-js = JavaScript, en amélioration seulement : chaque page fonctionne sans lui
a11y-environment = Environnement de test
a11y-environment-text = À chaque modification du logiciel qui fait fonctionner le site, ses pages sont parcourues automatiquement dans le navigateur Chromium, avec et sans JavaScript, dans ses deux thèmes graphiques.
a11y-environment-audit = Les combinaisons de navigateurs et de technologies d’assistance utilisées pour l’audit figurent dans son rapport.
a11y-tools = Outils pour évaluer l’accessibilité
a11y-tool-axe = axe-core (règles WCAG 2.1 niveaux A et AA), exécuté dans Chromium sur chaque page publiée
a11y-tool-html = Vérification du code HTML des pages
a11y-tool-keyboard = Parcours des formulaires au clavier et contrôle des messages d’erreur liés aux champs
a11y-pages = Pages du site ayant fait l’objet de la vérification
a11y-page-events-html = <a href="/evenements">Événements à venir</a>, et la page de chaque événement
a11y-page-archives-html = <a href="/archives">Éditions passées</a> et <a href="/etiquettes">étiquettes</a>
a11y-page-forms = Formulaires d’inscription et d’appel à interventions, pages personnelles des participants et des intervenants
a11y-page-programme = Programme, par jour, par salle et par thème
a11y-page-board = Tableau de garagethon et sa vue pour projecteur
a11y-page-legal-html = Cette déclaration, les <a href="/mentions-legales">mentions légales</a>, la page <a href="/donnees-personnelles">données personnelles</a> et le <a href="/plan-du-site">plan du site</a>
a11y-feedback = Retour d’information et contact
a11y-feedback-text = Si un contenu ou un service de ce site vous reste inaccessible, signalez-le : l’équipe vous proposera une autre façon d’y accéder ou vous transmettra le contenu sous une autre forme.
a11y-write-html = Écrire à <a href="mailto:{ $email }">{ $email }</a>.
a11y-contact-missing = L’adresse de contact de ce site n’a pas encore été renseignée.
a11y-remedies = Voies de recours
a11y-remedies-text = Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service et que la réponse obtenue ne vous satisfait pas, vous pouvez saisir le Défenseur des droits :
a11y-remedy-form-html = par le <a href="https://formulaire.defenseurdesdroits.fr/" rel="external">formulaire en ligne du Défenseur des droits</a> ;
a11y-remedy-delegate-html = auprès du <a href="https://www.defenseurdesdroits.fr/saisir/delegues" rel="external">délégué du Défenseur des droits près de chez vous</a> ;
a11y-remedy-post = par courrier, gratuit et sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.

# public/legal/personal_data.html
pd-reg-data = nom, adresse électronique, organisation, statut (agent public, prestataire, autre), réponses aux questions propres à l’événement, historique de l’inscription (confirmation, liste d’attente, annulation) et présence le jour venu.
pd-reg-purpose = attribuer les places dans la limite de la capacité, tenir la liste d’attente, vous écrire au sujet de l’événement, accueillir les participants.
pd-reg-basis = votre consentement, donné dans le formulaire d’inscription ; vous pouvez le retirer à tout moment en effaçant vos données.
pd-reg-recipients = les organisateurs de l’événement, et les bénévoles de l’accueil pour la liste de présence.
pd-reg-retention = chaque événement fixe la sienne ; passé ce délai après la fin de l’événement, les inscriptions et le contenu des messages envoyés sont effacés automatiquement.
pd-cfp-data = titre et résumé de la proposition, administration, noms, adresses, organisations et biographies des intervenants, évaluations des relecteurs.
pd-cfp-purpose = choisir les interventions et construire le programme.
pd-cfp-basis = votre consentement, donné en envoyant la proposition ; chaque intervenant décide lui-même si son nom peut être publié.
pd-cfp-recipients = les organisateurs et les relecteurs de l’événement (sans les noms quand l’appel est anonyme) ; le public ne voit que les interventions retenues, avec les noms de ceux qui l’ont accepté.
pd-cfp-retention = tant que l’événement figure sur le site, car le programme publié en fait partie ; écrivez-nous pour une suppression plus tôt.
pd-board-data = les dépôts de code, objectifs, demandes et offres d’aide que vous y inscrivez, liés à votre inscription. Votre adresse n’est montrée qu’à la personne dont vous avez accepté l’aide, ou qui a accepté la vôtre, et aux organisateurs.
pd-board-retention = celle des inscriptions de l’événement ; après leur effacement, le tableau archivé garde les projets et objectifs, sans les noms.
pd-gazette-data = adresse électronique, date de votre accord, listes choisies (gazette, annonces des nouveaux événements), refus définitifs signalés par votre messagerie.
pd-gazette-purpose = vous envoyer la gazette et, si vous l’avez choisi, les annonces.
pd-gazette-basis = votre consentement, donné dans le formulaire puis confirmé par le lien reçu par courriel ; chaque numéro contient un lien pour vous désinscrire en un clic.
pd-gazette-recipients = les organisateurs du site.
pd-gazette-retention = tant que vous restez inscrit ou inscrite. En vous désinscrivant, votre adresse est effacée ; seule une empreinte chiffrée en est gardée, pour qu’aucun import ne vous réinscrive sans votre accord.
pd-accounts-data = nom, adresse électronique, mot de passe (seule une empreinte est gardée), rôles, sessions ouvertes et journal des actions effectuées.
pd-accounts-retention = tant que le compte existe ; une session prend fin après 12 heures sans activité, et au plus tard 14 jours après la connexion.
pd-data = Données :
pd-purpose = Finalité :
pd-basis = Base légale :
pd-recipients = Destinataires :
pd-retention = Durée de conservation :
pd-intro = Cette page décrit, pour chaque service du site, les données que vous nous confiez, pourquoi, combien de temps elles sont gardées, qui les reçoit et comment exercer vos droits.
pd-controller = Le responsable de ces traitements est { $publisher }.
pd-registrations = Inscriptions aux événements
pd-retention-caption = Durée de conservation des inscriptions, par événement
pd-event = Événement
pd-dates = Dates
pd-erasure = Effacement
pd-days-after = { $days ->
    [one] { $days } jour après la fin de l’événement
   *[other] { $days } jours après la fin de l’événement
}
pd-no-registration = Aucun événement ne prend d’inscriptions pour le moment.
pd-call = Appel à interventions
pd-board = Tableau des garagethons
pd-gazette = Gazette
pd-accounts = Comptes des organisateurs
pd-logs = Journaux techniques
pd-logs-text = Les journaux du serveur désignent les comptes par un numéro, jamais par une adresse, et ne contiennent ni mot de passe ni lien personnel. L’adresse IP de chaque visiteur n’est gardée qu’en mémoire, quelques minutes, pour limiter les envois répétés de formulaires.
pd-cookies = Cookies
pd-cookies-text = Le site ne dépose que des cookies nécessaires à son fonctionnement : la session des organisateurs connectés, un jeton de sécurité des formulaires et la langue choisie, le cas échéant. Il n’utilise ni mesure d’audience ni publicité ; c’est pourquoi aucun bandeau ne vous demande votre accord.
pd-rights = Vos droits
pd-rights-text = Vous pouvez accéder à vos données, les corriger, les effacer ou vous opposer à leur traitement.
pd-rights-link = Le lien personnel reçu par courriel après votre inscription ou votre proposition vous permet de consulter et corriger vos informations, de télécharger toutes vos données et de les effacer, sans compte.
pd-rights-write-html = Pour toute autre demande, écrivez à <a href="mailto:{ $email }">{ $email }</a>.
pd-dpo = Délégué ou déléguée à la protection des données :
pd-cnil-html = Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la <a href="https://www.cnil.fr/fr/plaintes" rel="external">Commission nationale de l’informatique et des libertés (CNIL)</a>.
