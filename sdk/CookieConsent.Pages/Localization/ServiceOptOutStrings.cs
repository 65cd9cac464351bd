namespace CookieConsent.Pages;

/// <summary>
/// The texts of a service's opt-out page (<c>/optout/{service}</c>) and of the sync bounce's error pages, in the hosted
/// pages' four languages. Part of the built-in wording (<see cref="ConsentStrings.ServiceOptOut"/>), so a receipt of a
/// service opt-out names a wording version that reproduces them.
/// </summary>
/// <param name="Locale">The locale of these texts.</param>
/// <param name="Title">The page title; <c>{0}</c> is the service's display name.</param>
/// <param name="Intro">The introduction; <c>{0}</c> is the service's display name.</param>
/// <param name="OptedOut">The state after an opt-out.</param>
/// <param name="NotOptedOut">The state without one.</param>
/// <param name="GpcHonoured">Said when the browser sends Global Privacy Control.</param>
/// <param name="OptOutButton">The opt-out button.</param>
/// <param name="OptInButton">The opt-back-in button.</param>
/// <param name="Covers">The heading of the member sites' list.</param>
/// <param name="UnknownService">No such service.</param>
/// <param name="BadReturnUrl">A sync bounce with a return URL the site does not allow.</param>
/// <param name="FormRejected">A form post without a valid antiforgery token.</param>
/// <param name="StoreUnavailable">The store did not answer.</param>
/// <param name="ErrorTitle">The title of an error page.</param>
public sealed record ServiceOptOutStrings(
    string Locale,
    string Title,
    string Intro,
    string OptedOut,
    string NotOptedOut,
    string GpcHonoured,
    string OptOutButton,
    string OptInButton,
    string Covers,
    string UnknownService,
    string BadReturnUrl,
    string FormRejected,
    string StoreUnavailable,
    string ErrorTitle)
{
    internal static readonly ServiceOptOutStrings English = new(
        "en",
        "Opt out of {0} on every site",
        "{0} runs on the websites listed below. One choice here applies to all of them, in this browser.",
        "You have opted out: the sites below do not use {0} for you.",
        "You have not opted out: each site below follows the choices you made there.",
        "Your browser sends Global Privacy Control; sites that honour it treat it as this opt-out too.",
        "Opt out on every site",
        "Opt back in",
        "Sites",
        "There is no such service.",
        "The link that brought you here is not valid for this site.",
        "The form could not be accepted. Please try again.",
        "Your choice could not be saved right now. Please try again in a moment.",
        "Something went wrong");

    internal static readonly ServiceOptOutStrings German = new(
        "de",
        "{0} auf allen Websites widersprechen",
        "{0} läuft auf den unten genannten Websites. Eine Entscheidung hier gilt in diesem Browser für alle.",
        "Sie haben widersprochen: Die Websites unten verwenden {0} für Sie nicht.",
        "Sie haben nicht widersprochen: Jede Website unten folgt Ihrer Auswahl dort.",
        "Ihr Browser sendet Global Privacy Control; Websites, die das beachten, werten es ebenfalls als diesen Widerspruch.",
        "Auf allen Websites widersprechen",
        "Widerspruch zurücknehmen",
        "Websites",
        "Diesen Dienst gibt es nicht.",
        "Der Link, der Sie hierher gebracht hat, ist für diese Website nicht gültig.",
        "Das Formular konnte nicht angenommen werden. Bitte versuchen Sie es erneut.",
        "Ihre Auswahl konnte gerade nicht gespeichert werden. Bitte versuchen Sie es gleich noch einmal.",
        "Etwas ist schiefgelaufen");

    internal static readonly ServiceOptOutStrings French = new(
        "fr",
        "Refuser {0} sur tous les sites",
        "{0} fonctionne sur les sites ci-dessous. Un seul choix ici s’applique à tous, dans ce navigateur.",
        "Vous avez refusé : les sites ci-dessous n’utilisent pas {0} pour vous.",
        "Vous n’avez pas refusé : chaque site ci-dessous suit les choix que vous y avez faits.",
        "Votre navigateur envoie Global Privacy Control ; les sites qui le respectent le traitent aussi comme ce refus.",
        "Refuser sur tous les sites",
        "Annuler mon refus",
        "Sites",
        "Ce service n’existe pas.",
        "Le lien qui vous a amené ici n’est pas valable pour ce site.",
        "Le formulaire n’a pas pu être accepté. Veuillez réessayer.",
        "Votre choix n’a pas pu être enregistré pour le moment. Veuillez réessayer dans un instant.",
        "Une erreur s’est produite");

    internal static readonly ServiceOptOutStrings Spanish = new(
        "es",
        "Excluirse de {0} en todos los sitios",
        "{0} funciona en los sitios web indicados abajo. Una sola elección aquí se aplica a todos, en este navegador.",
        "Se ha excluido: los sitios de abajo no usan {0} con usted.",
        "No se ha excluido: cada sitio de abajo sigue las elecciones que hizo allí.",
        "Su navegador envía Global Privacy Control; los sitios que lo respetan también lo tratan como esta exclusión.",
        "Excluirme en todos los sitios",
        "Volver a participar",
        "Sitios",
        "No existe ese servicio.",
        "El enlace que le trajo aquí no es válido para este sitio.",
        "No se pudo aceptar el formulario. Inténtelo de nuevo.",
        "No se pudo guardar su elección en este momento. Inténtelo de nuevo en un momento.",
        "Algo salió mal");
}
