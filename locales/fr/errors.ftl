# H2: the error pages (templates/errors/, web::error). The same ids in locales/en/errors.ftl.

error-title-not-found = Page introuvable
error-title-bad-request = Requête invalide
error-title-unprocessable = Action impossible
error-title-too-large = Envoi trop volumineux
error-title-forbidden = Accès refusé
error-title-too-many = Trop de requêtes
error-title-server = Erreur du serveur
error-title-link-gone = Lien non valide

error-status = Erreur { $status }
error-home = Page d’accueil

error-too-large = Le formulaire envoyé est trop volumineux.
error-malformed = L’adresse demandée contient une valeur qui n’est pas valide. Vérifiez le lien ou revenez à la page précédente.
error-csrf = Le formulaire a expiré ou ne provient pas de ce site. Rechargez la page et recommencez.
error-no-access = Votre compte n’a pas accès à cette page.
error-conflict = Cette action entre en conflit avec une donnée existante.

error-bad-request = Requête incorrecte
error-bad-request-text = La demande envoyée n’a pas pu être comprise.
error-not-found = Page non trouvée
error-not-found-lead = La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.
error-not-found-text = Si vous avez tapé l’adresse dans le navigateur, vérifiez qu’elle est correcte. La page n’est peut-être plus disponible : un événement passé reste consultable dans les éditions passées.
error-server = Erreur inattendue
error-server-lead = Désolé, le service rencontre un problème. Nous y travaillons pour le résoudre le plus rapidement possible.
error-server-text = Essayez de rafraîchir la page ou bien réessayez plus tard.
error-too-many-lead = Trop de requêtes, réessayez dans quelques instants.
error-too-many-text = Pour protéger le service, le nombre de demandes envoyées depuis votre connexion est limité. Patientez une minute avant de recommencer.
error-link-gone = Ce lien n’est plus valide
error-link-gone-lead = Ce lien personnel n’ouvre aucune inscription.
error-link-gone-why = Le lien d’une inscription reste le même dans tous nos messages. Il cesse de fonctionner lorsque les organisateurs l’ont révoqué (par exemple parce qu’il avait été divulgué : un nouveau lien a alors été envoyé par courriel), lorsque l’inscription a été effacée, ou si l’adresse a été mal recopiée.
error-link-gone-ask = Indiquez votre adresse électronique : nous y enverrons le lien actuel de chacune de vos inscriptions.
