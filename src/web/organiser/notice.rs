//! G2 (issue 19): every organiser action says what it did. A POST redirects (303) with
//! `?fait=CODE`; the page it lands on shows the French sentence of that code. One table, so
//! that a code never shows a wrong or empty message.

use serde::Deserialize;

/// The codes of `fait` and what the page then says.
const NOTICES: &[(&str, &str)] = &[
    ("cree", "Événement créé (brouillon, invisible du public)."),
    ("enregistre", "Événement enregistré."),
    ("publie", "Événement publié : il est visible sur le site."),
    ("depublie", "Événement dépublié : il n’est plus visible sur le site."),
    ("duplique", "Copie créée pour l’année prochaine (brouillon) : vérifiez-la avant de la publier."),
    ("supprime", "Événement supprimé."),
    ("image", "Image enregistrée."),
    ("programme-publie", "Nouvelle version du programme publiée."),
    ("programme-importe", "Brouillon du programme importé."),
    ("programme-ajoutes", "Interventions retenues ajoutées au brouillon du programme : elles attendent leur place."),
    ("salle-ajoutee", "Salle ajoutée au brouillon du programme."),
    ("salle-modifiee", "Salle enregistrée."),
    ("salle-supprimee", "Salle supprimée du brouillon du programme."),
    ("theme-ajoute", "Thème ajouté au brouillon du programme."),
    ("theme-modifie", "Thème enregistré."),
    ("theme-supprime", "Thème supprimé du brouillon du programme."),
    ("element-ajoute", "Élément ajouté au brouillon du programme."),
    ("element-modifie", "Élément enregistré dans le brouillon du programme."),
    ("element-supprime", "Élément supprimé du brouillon du programme."),
    ("element-place", "Intervention placée dans le brouillon du programme."),
    ("element-retire", "Élément retiré de la grille : il attend de nouveau sa place."),
    ("invitation-retiree", "Invitation retirée : son lien ne fonctionne plus."),
    ("reglages", "Réglages du tableau enregistrés."),
    ("priorite", "Ordre des demandes d’aide enregistré."),
    ("objectif", "Objectif mis à jour."),
    ("eclair", "Présentations éclair mises à jour."),
    ("reessaye", "Le message est remis dans la file d’envoi."),
    ("message-envoye", "Message envoyé : chaque personne du groupe le reçoit avec son lien personnel."),
    ("message-programme", "Message programmé : il partira à la date choisie."),
    ("webhook-pause", "Abonnement mis en pause : rien ne lui est envoyé jusqu’à sa reprise."),
    ("webhook-reprise", "Abonnement repris : les livraisons en attente partent."),
    ("webhook-supprime", "Abonnement supprimé."),
    ("webhook-rejoue", "La livraison est remise dans la file d’envoi."),
    ("jeton-cree", "Jeton d’API créé : copiez-le maintenant, il ne sera plus affiché."),
    ("jeton-retire", "Jeton d’API retiré : il ne fonctionne plus."),
    ("compte-active", "Votre compte est activé et vous êtes connecté. Bienvenue !"),
    ("mot-de-passe-change", "Votre nouveau mot de passe est enregistré et vous êtes connecté."),
];

/// The `fait` query parameter of a page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Done {
    pub fait: String,
}

/// The sentence of `code`, or `None` for an unknown or empty code.
pub fn text(code: &str) -> Option<&'static str> {
    NOTICES.iter().find(|(c, _)| *c == code).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_code_has_a_sentence_and_codes_are_unique() {
        for (i, (code, text)) in super::NOTICES.iter().enumerate() {
            assert!(!text.is_empty(), "{code}");
            assert!(super::NOTICES[i + 1..].iter().all(|(c, _)| c != code), "{code} twice");
        }
        assert_eq!(super::text("enregistre"), Some("Événement enregistré."));
        assert_eq!(super::text("inconnu"), None);
    }
}
