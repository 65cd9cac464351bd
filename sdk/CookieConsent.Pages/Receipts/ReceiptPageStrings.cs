namespace CookieConsent.Pages;

/// <summary>
/// The labels of the human-readable receipt download, in the visitor's language. Not part of the versioned wording:
/// they frame the record; the words the visitor was shown come from the receipt's own revision and wording.
/// </summary>
internal sealed record ReceiptPageStrings
{
    public required string Locale { get; init; }
    public required string Title { get; init; }
    /// <summary>{0}: the site's name.</summary>
    public required string Intro { get; init; }
    public required string Controller { get; init; }
    public required string Contact { get; init; }
    public required string PrivacyPolicy { get; init; }
    public required string LegalName { get; init; }
    /// <summary>{0}: the missing fields.</summary>
    public required string ControllerMissing { get; init; }
    public required string VisitorId { get; init; }
    public required string ReceiptId { get; init; }
    public required string When { get; init; }
    public required string Control { get; init; }
    public required string Where { get; init; }
    public required string Language { get; init; }
    public required string PolicyVersion { get; init; }
    public required string Revision { get; init; }
    public required string WordingVersion { get; init; }
    public required string Signals { get; init; }
    public required string NoSignals { get; init; }
    public required string Shown { get; init; }
    public required string Category { get; init; }
    public required string Description { get; init; }
    public required string Choice { get; init; }
    public required string Allowed { get; init; }
    public required string Refused { get; init; }
    public required string AlwaysOn { get; init; }
    /// <summary>{0}: the revision's hash, or <see cref="NotRecorded"/>.</summary>
    public required string RevisionMissing { get; init; }
    /// <summary>{0}: the wording version, or <see cref="NotRecorded"/>.</summary>
    public required string WordingMissing { get; init; }
    public required string NotRecorded { get; init; }
    public required string Erased { get; init; }
    public required IReadOnlyDictionary<string, string> Events { get; init; }
    public required IReadOnlyDictionary<string, string> Controls { get; init; }
    public required IReadOnlyDictionary<string, string> Surfaces { get; init; }

    private static readonly ReceiptPageStrings English = new()
    {
        Locale = "en",
        Title = "Your consent record",
        Intro = "Every choice you made on {0}, with the words you were shown at the time, in the language you saw them in.",
        Controller = "Responsible for the processing",
        Contact = "Contact",
        PrivacyPolicy = "Privacy policy",
        LegalName = "legal name",
        ControllerMissing = "The site has not stated its {0}.",
        VisitorId = "Your visitor id",
        ReceiptId = "Receipt",
        When = "When",
        Control = "What you used",
        Where = "Where",
        Language = "Language shown",
        PolicyVersion = "Policy version",
        Revision = "Notice revision",
        WordingVersion = "Wording version",
        Signals = "Browser signals",
        NoSignals = "none",
        Shown = "What you were shown",
        Category = "Category",
        Description = "Description",
        Choice = "Your choice",
        Allowed = "Allowed",
        Refused = "Refused",
        AlwaysOn = "Always on (strictly necessary)",
        RevisionMissing = "The texts of this notice (revision {0}) are no longer available, so they are not shown here. The choices recorded were:",
        WordingMissing = "The wording of the banner and pages (version {0}) is not available, so it is not shown here.",
        NotRecorded = "not recorded",
        Erased = "Your earlier records were erased at your request; this entry keeps no personal data.",
        Events = new Dictionary<string, string>
        {
            ["given"] = "Consent given", ["changed"] = "Choices changed", ["withdrawn"] = "Consent withdrawn",
            ["signal"] = "Opt-out signal recorded", ["erased"] = "Records erased", ["unknown"] = "Choice recorded",
        },
        Controls = new Dictionary<string, string>
        {
            ["accept-all"] = "Accept all", ["reject-all"] = "Reject all", ["save"] = "Save", ["do-not-sell"] = "Do Not Sell or Share",
            ["limit"] = "Limit the Use of My Sensitive Personal Information", ["signal"] = "Global Privacy Control", ["api"] = "The site's own system",
            ["unknown"] = "not recorded",
        },
        Surfaces = new Dictionary<string, string>
        {
            ["sdk-banner"] = "The cookie banner on the site", ["sdk-preferences"] = "The cookie settings page on the site",
            ["hosted"] = "The consent service's page", ["api"] = "The site's own system", ["service"] = "A service's opt-out page",
            ["unknown"] = "not recorded",
        },
    };

    private static readonly ReceiptPageStrings German = new()
    {
        Locale = "de",
        Title = "Ihr Einwilligungsnachweis",
        Intro = "Jede Ihrer Entscheidungen auf {0}, mit den Worten, die Ihnen damals angezeigt wurden, in der Sprache, in der Sie sie gesehen haben.",
        Controller = "Verantwortlich für die Verarbeitung",
        Contact = "Kontakt",
        PrivacyPolicy = "Datenschutzerklärung",
        LegalName = "Firmenname",
        ControllerMissing = "Die Website hat Folgendes nicht angegeben: {0}.",
        VisitorId = "Ihre Besucherkennung",
        ReceiptId = "Nachweis",
        When = "Wann",
        Control = "Was Sie verwendet haben",
        Where = "Wo",
        Language = "Angezeigte Sprache",
        PolicyVersion = "Version der Richtlinie",
        Revision = "Fassung des Hinweises",
        WordingVersion = "Version der Formulierungen",
        Signals = "Browsersignale",
        NoSignals = "keine",
        Shown = "Was Ihnen angezeigt wurde",
        Category = "Kategorie",
        Description = "Beschreibung",
        Choice = "Ihre Wahl",
        Allowed = "Erlaubt",
        Refused = "Abgelehnt",
        AlwaysOn = "Immer aktiv (unbedingt erforderlich)",
        RevisionMissing = "Die Texte dieses Hinweises (Fassung {0}) sind nicht mehr verfügbar und werden daher hier nicht gezeigt. Festgehalten wurden diese Entscheidungen:",
        WordingMissing = "Die Formulierungen von Banner und Seiten (Version {0}) sind nicht verfügbar und werden daher hier nicht gezeigt.",
        NotRecorded = "nicht festgehalten",
        Erased = "Ihre früheren Nachweise wurden auf Ihren Wunsch gelöscht; dieser Eintrag enthält keine personenbezogenen Daten.",
        Events = new Dictionary<string, string>
        {
            ["given"] = "Einwilligung erteilt", ["changed"] = "Auswahl geändert", ["withdrawn"] = "Einwilligung widerrufen",
            ["signal"] = "Widerspruchssignal festgehalten", ["erased"] = "Nachweise gelöscht", ["unknown"] = "Entscheidung festgehalten",
        },
        Controls = new Dictionary<string, string>
        {
            ["accept-all"] = "Alle akzeptieren", ["reject-all"] = "Alle ablehnen", ["save"] = "Speichern",
            ["do-not-sell"] = "Meine personenbezogenen Daten nicht verkaufen oder weitergeben",
            ["limit"] = "Nutzung meiner sensiblen personenbezogenen Daten einschränken", ["signal"] = "Global Privacy Control",
            ["api"] = "Das eigene System der Website", ["unknown"] = "nicht festgehalten",
        },
        Surfaces = new Dictionary<string, string>
        {
            ["sdk-banner"] = "Das Cookie-Banner der Website", ["sdk-preferences"] = "Die Cookie-Einstellungen der Website",
            ["hosted"] = "Die Seite des Einwilligungsdienstes", ["api"] = "Das eigene System der Website",
            ["service"] = "Die Widerspruchsseite eines Dienstes", ["unknown"] = "nicht festgehalten",
        },
    };

    private static readonly ReceiptPageStrings French = new()
    {
        Locale = "fr",
        Title = "Votre preuve de consentement",
        Intro = "Chacun de vos choix sur {0}, avec les textes qui vous ont été présentés alors, dans la langue où vous les avez vus.",
        Controller = "Responsable du traitement",
        Contact = "Contact",
        PrivacyPolicy = "Politique de confidentialité",
        LegalName = "raison sociale",
        ControllerMissing = "Le site n'a pas indiqué : {0}.",
        VisitorId = "Votre identifiant de visiteur",
        ReceiptId = "Preuve",
        When = "Quand",
        Control = "Ce que vous avez utilisé",
        Where = "Où",
        Language = "Langue affichée",
        PolicyVersion = "Version de la politique",
        Revision = "Révision de l'information",
        WordingVersion = "Version des textes",
        Signals = "Signaux du navigateur",
        NoSignals = "aucun",
        Shown = "Ce qui vous a été présenté",
        Category = "Catégorie",
        Description = "Description",
        Choice = "Votre choix",
        Allowed = "Autorisé",
        Refused = "Refusé",
        AlwaysOn = "Toujours actif (strictement nécessaire)",
        RevisionMissing = "Les textes de cette information (révision {0}) ne sont plus disponibles et ne sont donc pas affichés ici. Les choix enregistrés étaient :",
        WordingMissing = "Les textes du bandeau et des pages (version {0}) ne sont pas disponibles et ne sont donc pas affichés ici.",
        NotRecorded = "non enregistré",
        Erased = "Vos preuves antérieures ont été effacées à votre demande ; cette entrée ne contient aucune donnée personnelle.",
        Events = new Dictionary<string, string>
        {
            ["given"] = "Consentement donné", ["changed"] = "Choix modifiés", ["withdrawn"] = "Consentement retiré",
            ["signal"] = "Signal d'opposition enregistré", ["erased"] = "Preuves effacées", ["unknown"] = "Choix enregistré",
        },
        Controls = new Dictionary<string, string>
        {
            ["accept-all"] = "Tout accepter", ["reject-all"] = "Tout refuser", ["save"] = "Enregistrer",
            ["do-not-sell"] = "Ne pas vendre ni partager mes informations personnelles",
            ["limit"] = "Limiter l'utilisation de mes informations personnelles sensibles", ["signal"] = "Global Privacy Control",
            ["api"] = "Le système du site", ["unknown"] = "non enregistré",
        },
        Surfaces = new Dictionary<string, string>
        {
            ["sdk-banner"] = "Le bandeau cookies du site", ["sdk-preferences"] = "La page des paramètres cookies du site",
            ["hosted"] = "La page du service de consentement", ["api"] = "Le système du site",
            ["service"] = "La page d'opposition d'un service", ["unknown"] = "non enregistré",
        },
    };

    private static readonly ReceiptPageStrings Spanish = new()
    {
        Locale = "es",
        Title = "Su comprobante de consentimiento",
        Intro = "Cada elección que hizo en {0}, con los textos que se le mostraron entonces, en el idioma en que los vio.",
        Controller = "Responsable del tratamiento",
        Contact = "Contacto",
        PrivacyPolicy = "Política de privacidad",
        LegalName = "razón social",
        ControllerMissing = "El sitio no ha indicado: {0}.",
        VisitorId = "Su identificador de visitante",
        ReceiptId = "Comprobante",
        When = "Cuándo",
        Control = "Qué utilizó",
        Where = "Dónde",
        Language = "Idioma mostrado",
        PolicyVersion = "Versión de la política",
        Revision = "Revisión del aviso",
        WordingVersion = "Versión de los textos",
        Signals = "Señales del navegador",
        NoSignals = "ninguna",
        Shown = "Lo que se le mostró",
        Category = "Categoría",
        Description = "Descripción",
        Choice = "Su elección",
        Allowed = "Permitido",
        Refused = "Rechazado",
        AlwaysOn = "Siempre activo (estrictamente necesario)",
        RevisionMissing = "Los textos de este aviso (revisión {0}) ya no están disponibles, por lo que no se muestran aquí. Las elecciones registradas fueron:",
        WordingMissing = "Los textos del banner y de las páginas (versión {0}) no están disponibles, por lo que no se muestran aquí.",
        NotRecorded = "no registrado",
        Erased = "Sus comprobantes anteriores se borraron a petición suya; esta entrada no guarda datos personales.",
        Events = new Dictionary<string, string>
        {
            ["given"] = "Consentimiento otorgado", ["changed"] = "Elecciones modificadas", ["withdrawn"] = "Consentimiento retirado",
            ["signal"] = "Señal de exclusión registrada", ["erased"] = "Comprobantes borrados", ["unknown"] = "Elección registrada",
        },
        Controls = new Dictionary<string, string>
        {
            ["accept-all"] = "Aceptar todo", ["reject-all"] = "Rechazar todo", ["save"] = "Guardar",
            ["do-not-sell"] = "No vender ni compartir mi información personal",
            ["limit"] = "Limitar el uso de mi información personal confidencial", ["signal"] = "Global Privacy Control",
            ["api"] = "El sistema propio del sitio", ["unknown"] = "no registrado",
        },
        Surfaces = new Dictionary<string, string>
        {
            ["sdk-banner"] = "El banner de cookies del sitio", ["sdk-preferences"] = "La página de configuración de cookies del sitio",
            ["hosted"] = "La página del servicio de consentimiento", ["api"] = "El sistema propio del sitio",
            ["service"] = "La página de exclusión de un servicio", ["unknown"] = "no registrado",
        },
    };

    /// <summary>The labels for <paramref name="locale"/> (a supported language, any region), English otherwise.</summary>
    public static ReceiptPageStrings For(string? locale) => LocaleNegotiator.PrimaryLanguage(locale) switch
    {
        "de" => German,
        "fr" => French,
        "es" => Spanish,
        _ => English,
    };
}
