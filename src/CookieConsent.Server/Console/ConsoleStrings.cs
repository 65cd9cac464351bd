using System.Globalization;
using CookieConsent.Pages;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Server.Console;

/// <summary>
/// The console's own texts in its four languages, English first. Texts with <c>{0}</c> are composite formats. Validation
/// messages come from the API's validator (one source of truth) and stay in English.
/// </summary>
internal sealed record ConsoleStrings
{
    public static readonly IReadOnlyList<string> Locales = ["en", "de", "fr", "es"];

    public required string Locale { get; init; }
    public required string ConsoleName { get; init; }
    public required string SkipToContent { get; init; }
    public required string MainNavigation { get; init; }
    public required string Sites { get; init; }
    public required string SignOut { get; init; }
    public required string SiteSections { get; init; }
    public required string Settings { get; init; }
    public required string Preview { get; init; }
    public required string PolicyVersions { get; init; }
    public required string Keys { get; init; }
    public required string Statistics { get; init; }
    public required string Visitors { get; init; }
    public required string AuditLog { get; init; }
    public required string ErrorTitle { get; init; }
    public required string Back { get; init; }
    public required string FormRejected { get; init; }
    public required string StoreUnavailable { get; init; }
    public required string UnknownSite { get; init; }
    public required string UnknownKey { get; init; }
    public required string TooManyAttempts { get; init; }
    public required string SignInTitle { get; init; }
    public required string SignInIntro { get; init; }
    public required string AdminKey { get; init; }
    public required string SignIn { get; init; }
    public required string WrongAdminKey { get; init; }
    public required string CreateSite { get; init; }
    public required string NewSite { get; init; }
    public required string NoSites { get; init; }
    public required string SiteId { get; init; }
    public required string SiteIdHint { get; init; }
    public required string SiteExists { get; init; }
    public required string SiteSettings { get; init; }
    public required string DisplayName { get; init; }
    public required string Regime { get; init; }
    public required string RegimeOptIn { get; init; }
    public required string RegimeOptOut { get; init; }
    public required string HonorDoNotTrack { get; init; }
    public required string HonorGlobalPrivacyControl { get; init; }
    public required string ConsentLifetimeDays { get; init; }
    public required string RefusalLifetimeDays { get; init; }
    public required string RefusalLifetimeDaysHint { get; init; }
    public required string PolicyUrl { get; init; }
    public required string HomeUrl { get; init; }
    public required string HomeUrlHint { get; init; }

    public required string ServiceMembership { get; init; }

    public required string ServiceMembershipHint { get; init; }

    public required string UnknownService { get; init; }
    public required string ControllerLegalName { get; init; }
    public required string ControllerLegalNameHint { get; init; }
    public required string ControllerContact { get; init; }
    public required string ControllerContactHint { get; init; }
    public required string ControllerPrivacyPolicyUrl { get; init; }
    public required string DefaultLocale { get; init; }
    public required string DefaultLocaleHint { get; init; }
    public required string CookieName { get; init; }
    public required string CookieDomain { get; init; }
    public required string CookieDomainHint { get; init; }
    public required string AllowedReturnHosts { get; init; }
    public required string OnePerLine { get; init; }
    public required string Categories { get; init; }
    public required string NewCategory { get; init; }
    public required string CategoryLegend { get; init; }
    public required string CategoryId { get; init; }
    public required string CategoryIdHint { get; init; }
    public required string Required { get; init; }
    public required string RequiredHint { get; init; }
    public required string SaleOrSharing { get; init; }
    public required string SaleOrSharingHint { get; init; }
    public required string Sensitive { get; init; }
    public required string SensitiveHint { get; init; }
    public required string Cookies { get; init; }
    public required string CookiesHint { get; init; }
    public required string Texts { get; init; }
    public required string TextName { get; init; }
    public required string TextDescription { get; init; }
    public required string RemoveCategory { get; init; }
    public required string SaveSite { get; init; }
    public required string Saved { get; init; }
    public required string ErrorSummary { get; init; }
    public required string PreviewIntro { get; init; }
    public required string PreviewLanguage { get; init; }
    public required string PreviewBanner { get; init; }
    public required string PreviewPreferences { get; init; }
    public required string Version { get; init; }
    public required string EffectiveFrom { get; init; }
    public required string ChangedCategories { get; init; }
    public required string ChangedCategoriesHint { get; init; }
    public required string Status { get; init; }
    public required string Actions { get; init; }
    public required string Current { get; init; }
    public required string Superseded { get; init; }
    public required string TakesEffectInDays { get; init; }
    public required string TakesEffectTomorrow { get; init; }
    public required string CancelVersion { get; init; }
    public required string CannotCancel { get; init; }
    public required string ScheduleVersion { get; init; }
    public required string ScheduleIntro { get; init; }
    public required string EffectiveDate { get; init; }
    public required string EffectiveDateHint { get; init; }
    public required string DateInvalid { get; init; }
    public required string DatePast { get; init; }
    public required string Schedule { get; init; }
    public required string KeysIntro { get; init; }
    public required string NoKeys { get; init; }
    public required string KeyId { get; init; }
    public required string Created { get; init; }
    public required string LastUsed { get; init; }
    public required string Never { get; init; }
    public required string CreateKey { get; init; }
    public required string NewKeyTitle { get; init; }
    public required string NewKeyLabel { get; init; }
    public required string NewKeyHint { get; init; }
    public required string RevokeKeyLink { get; init; }
    public required string RevokeKeyTitle { get; init; }
    public required string RevokeKeyWarning { get; init; }
    public required string RevokeKey { get; init; }
    public required string Cancel { get; init; }
    public required string Period { get; init; }
    public required string LastDays { get; init; }
    public required string DownloadCsv { get; init; }
    public required string NoOptionalCategories { get; init; }
    public required string NoChoices { get; init; }
    public required string StatsSummary { get; init; }
    public required string ChartTitle { get; init; }
    public required string ChartDescription { get; init; }
    public required string NumbersFor { get; init; }
    public required string Day { get; init; }
    public required string OptIns { get; init; }
    public required string OptOuts { get; init; }
    public required string OptInRate { get; init; }
    public required string VisitorId { get; init; }
    public required string VisitorIdHint { get; init; }
    public required string VisitorIdInvalid { get; init; }
    public required string LookUp { get; init; }
    public required string Decisions { get; init; }
    public required string NoConsentStored { get; init; }
    public required string StateSummary { get; init; }
    public required string Category { get; init; }
    public required string Decision { get; init; }
    public required string Reason { get; init; }
    public required string Allowed { get; init; }
    public required string Denied { get; init; }
    public required string Receipts { get; init; }
    public required string NoReceipts { get; init; }
    public required string When { get; init; }
    public required string ReceiptId { get; init; }
    public required string Choices { get; init; }
    public required string Signals { get; init; }
    public required string Source { get; init; }
    public required string ExportReceipts { get; init; }
    public required string EraseVisitor { get; init; }
    public required string EraseTitle { get; init; }
    public required string EraseWarning { get; init; }
    public required string Erase { get; init; }
    public required string VisitorErased { get; init; }
    public required string AuditIntro { get; init; }
    public required string NoAuditEntries { get; init; }
    public required string Who { get; init; }
    public required string What { get; init; }
    public required string Details { get; init; }
    public required string ReasonRequired { get; init; }
    public required string ReasonDoNotTrack { get; init; }
    public required string ReasonGlobalPrivacyControl { get; init; }
    public required string ReasonNoConsent { get; init; }
    public required string ReasonExpired { get; init; }
    public required string ReasonPolicyChanged { get; init; }
    public required string ReasonVisitorChoice { get; init; }
    public required string ReasonVisitorRefusal { get; init; }
    public required string RequestLog { get; init; }
    public required string NoRequests { get; init; }
    public required string RequestType { get; init; }
    public required string RequestOutcome { get; init; }
    public required string RequestErasure { get; init; }
    public required string RequestExport { get; init; }
    public required string OutcomeCompleted { get; init; }
    public required string OutcomeRefusalsKept { get; init; }
    public required string ReasonGlobalPrivacyControlRecorded { get; init; }
    public required string ReasonUnavailable { get; init; }

    /// <summary>The texts for the best of the operator's languages (Accept-Language), English when none matches.</summary>
    public static ConsoleStrings Negotiate(string? acceptLanguage) =>
        LocaleNegotiator.Choose(acceptLanguage, "en") switch
        {
            "de" => German,
            "fr" => French,
            "es" => Spanish,
            _ => English,
        };

    public static string Format(string format, object value) => string.Format(CultureInfo.InvariantCulture, format, value);

    /// <summary>A UTC instant as the console shows it everywhere: <c>2026-12-01 19:53 UTC</c>.</summary>
    public static string Time(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public string ReasonText(DecisionReason reason) => reason switch
    {
        DecisionReason.Required => ReasonRequired,
        DecisionReason.DoNotTrack => ReasonDoNotTrack,
        DecisionReason.GlobalPrivacyControl => ReasonGlobalPrivacyControl,
        DecisionReason.NoConsent => ReasonNoConsent,
        DecisionReason.Expired => ReasonExpired,
        DecisionReason.PolicyChanged => ReasonPolicyChanged,
        DecisionReason.VisitorChoice => ReasonVisitorChoice,
        DecisionReason.VisitorRefusal => ReasonVisitorRefusal,
        DecisionReason.GlobalPrivacyControlRecorded => ReasonGlobalPrivacyControlRecorded,
        DecisionReason.Unavailable => ReasonUnavailable,
        _ => reason.ToString(),
    };

    public static readonly ConsoleStrings English = new()
    {
        Locale = "en",
        ConsoleName = "CookieConsent console",
        SkipToContent = "Skip to main content",
        MainNavigation = "Console",
        Sites = "Sites",
        SignOut = "Sign out",
        SiteSections = "Sections of {0}",
        Settings = "Settings",
        Preview = "Preview",
        PolicyVersions = "Policy versions",
        Keys = "API keys",
        Statistics = "Statistics",
        Visitors = "Visitors",
        AuditLog = "Audit log",
        ErrorTitle = "Something went wrong",
        Back = "Back",
        FormRejected = "This form has expired or was not sent from this console. Nothing was changed; please try again.",
        StoreUnavailable = "The consent store did not answer in time. Nothing may have been changed; please try again.",
        UnknownSite = "There is no such site.",
        UnknownKey = "This site has no such key.",
        TooManyAttempts = "Too many wrong keys from your address. Try again in {0} seconds.",
        SignInTitle = "Sign in",
        SignInIntro = "Sign in with the server's admin key to manage sites, keys and visitors' consent.",
        AdminKey = "Admin key",
        SignIn = "Sign in",
        WrongAdminKey = "The admin key is wrong.",
        CreateSite = "Create site",
        NewSite = "New site",
        NoSites = "There are no sites yet.",
        SiteId = "Site id",
        SiteIdHint = "1 to 64 of a-z, 0-9 and '-'. It cannot be changed later.",
        SiteExists = "A site with this id already exists.",
        SiteSettings = "Site",
        DisplayName = "Display name",
        Regime = "Regime",
        RegimeOptIn = "Opt-in (GDPR): nothing optional until the visitor agrees",
        RegimeOptOut = "Opt-out (CCPA): allowed until the visitor or a signal refuses",
        HonorDoNotTrack = "Honour Do Not Track (DNT: 1 denies every optional category)",
        HonorGlobalPrivacyControl = "Honour Global Privacy Control (Sec-GPC: 1 denies sale and sharing)",
        ConsentLifetimeDays = "Consent lifetime (days)",
        RefusalLifetimeDays = "Re-ask interval after a refusal (days)",
        RefusalLifetimeDaysHint = "Leave empty for the regime's minimum: 365 days on opt-out sites, 183 on opt-in sites. The refusal itself never lapses; after this many days the visitor may be asked again.",
        PolicyUrl = "Privacy policy URL",
        HomeUrl = "Home page URL (optional)",
        HomeUrlHint = "Where the hosted pages' “Back to …” link goes without a return URL; on one of the hosts below. Empty: the first host's root.",
        ServiceMembership = "Service",
        ServiceMembershipHint = "The id of the service (a group of sites with one opt-out) this site belongs to. Empty: none.",
        UnknownService = "There is no such service.",
        ControllerLegalName = "Controller’s legal name (optional)",
        ControllerLegalNameHint = "Who is responsible for the processing, as named on every consent receipt.",
        ControllerContact = "Controller’s privacy contact (optional)",
        ControllerContactHint = "A postal address or an email address for privacy questions.",
        ControllerPrivacyPolicyUrl = "Controller’s privacy policy URL (optional)",
        DefaultLocale = "Default language",
        DefaultLocaleHint = "Used when the visitor's languages match none of the texts, e.g. en.",
        CookieName = "Consent cookie name",
        CookieDomain = "Consent cookie domain (optional)",
        CookieDomainHint = "Leave empty for the site's own host.",
        AllowedReturnHosts = "Hosts the hosted pages may return to",
        OnePerLine = "One a line.",
        Categories = "Categories",
        NewCategory = "Add a category",
        CategoryLegend = "Category {0}",
        CategoryId = "Category id",
        CategoryIdHint = "1 to 32 of a-z, 0-9 and '-'. Visitors' choices are kept by this id.",
        Required = "Strictly necessary",
        RequiredHint = "Always allowed; visitors cannot refuse it.",
        SaleOrSharing = "Sale or sharing of personal information",
        SaleOrSharingHint = "Covered by the CCPA opt-out and by Global Privacy Control.",
        Sensitive = "Sensitive personal information",
        SensitiveHint = "CCPA “Limit the Use of My Sensitive Personal Information”: on opt-out sites it gets a limit page and is refused like sale or sharing.",
        Cookies = "Cookies",
        CookiesHint = "One name a line; a trailing * makes a prefix.",
        Texts = "What visitors read",
        TextName = "Name in {0}",
        TextDescription = "Description in {0}",
        RemoveCategory = "Remove this category",
        SaveSite = "Save site",
        Saved = "Saved.",
        ErrorSummary = "There is a problem",
        PreviewIntro = "The banner and the preferences page as a first-time visitor sees them. Nothing here can be clicked.",
        PreviewLanguage = "Language of the preview",
        PreviewBanner = "Banner",
        PreviewPreferences = "Preferences page",
        Version = "Version",
        EffectiveFrom = "Effective from",
        ChangedCategories = "Changed categories",
        ChangedCategoriesHint = "Visitors who agreed to a changed category under an older version are asked again once this version takes effect.",
        Status = "Status",
        Actions = "Actions",
        Current = "In effect",
        Superseded = "Superseded",
        TakesEffectInDays = "Takes effect in {0} days",
        TakesEffectTomorrow = "Takes effect within a day",
        CancelVersion = "Cancel version {0}",
        CannotCancel = "Only a version that has not taken effect yet can be cancelled.",
        ScheduleVersion = "Schedule a new version",
        ScheduleIntro = "Until its date, a new version changes nothing for anyone.",
        EffectiveDate = "Takes effect on (UTC)",
        EffectiveDateHint = "By default {0} days from today, the notice period your policy promises.",
        DateInvalid = "Enter a date as YYYY-MM-DD.",
        DatePast = "Choose today or a later date.",
        Schedule = "Schedule version",
        KeysIntro = "Sites use these keys for their server's calls to the consent API. A key is shown only once, when it is created.",
        NoKeys = "This site has no keys.",
        KeyId = "Key id",
        Created = "Created",
        LastUsed = "Last used",
        Never = "Never",
        CreateKey = "Create a key",
        NewKeyTitle = "Your new key",
        NewKeyLabel = "New API key",
        NewKeyHint = "Copy it now and keep it secret: it will not be shown again.",
        RevokeKeyLink = "Revoke key {0}",
        RevokeKeyTitle = "Revoke key {0}?",
        RevokeKeyWarning = "Every request with this key will be refused from now on. This cannot be undone.",
        RevokeKey = "Revoke key",
        Cancel = "Cancel",
        Period = "Period",
        LastDays = "Last {0} days",
        DownloadCsv = "Download the last {0} days as CSV",
        NoOptionalCategories = "This site has no optional categories, so there are no choices to count.",
        NoChoices = "no choices",
        StatsSummary = "{0} opt-ins, {1} opt-outs, opt-in rate {2}.",
        ChartTitle = "Daily opt-in rate of {0}, last {1} days",
        ChartDescription = "Bars from {0} to {1}, one a day, as high as the share of choices that were opt-ins; days without choices have no bar. In total {2} opt-ins and {3} opt-outs, opt-in rate {4}.",
        NumbersFor = "The numbers for {0}",
        Day = "Day (UTC)",
        OptIns = "Opt-ins",
        OptOuts = "Opt-outs",
        OptInRate = "Opt-in rate",
        VisitorId = "Visitor id",
        VisitorIdHint = "The random id from the site's consent cookie or its own records.",
        VisitorIdInvalid = "A visitor id is the base64url of 16 to 32 random bytes.",
        LookUp = "Look up",
        Decisions = "Current decisions",
        NoConsentStored = "No consent is stored for this visitor: the regime's default applies.",
        StateSummary = "Given {0}, valid until {1}, under policy version {2}, through {3}.",
        Category = "Category",
        Decision = "Decision",
        Reason = "Reason",
        Allowed = "allowed",
        Denied = "denied",
        Receipts = "Receipts",
        NoReceipts = "No receipts.",
        When = "When (UTC)",
        ReceiptId = "Receipt",
        Choices = "Choices",
        Signals = "Signals",
        Source = "Source",
        ExportReceipts = "Export receipts (JSON)",
        EraseVisitor = "Erase this visitor",
        EraseTitle = "Erase this visitor's consent?",
        EraseWarning = "Their consent and every receipt will be deleted (GDPR Art. 17). This cannot be undone.",
        Erase = "Erase",
        VisitorErased = "The visitor's consent and receipts were erased.",
        AuditIntro = "Every change made through this console or the admin API, newest first (the latest {0}). Entries cannot be edited.",
        NoAuditEntries = "No changes recorded yet.",
        Who = "Who",
        What = "What",
        Details = "Details",
        ReasonRequired = "strictly necessary",
        ReasonDoNotTrack = "Do Not Track",
        ReasonGlobalPrivacyControl = "Global Privacy Control",
        ReasonNoConsent = "no choice yet: the regime's default",
        ReasonExpired = "consent expired: the regime's default",
        ReasonPolicyChanged = "the policy changed this category: the regime's default",
        ReasonVisitorChoice = "the visitor's own choice",
        ReasonVisitorRefusal = "the visitor refused: stands until they change it",
        RequestLog = "Privacy requests (last 24 months)",
        NoRequests = "No erasure or export requests in the last 24 months.",
        RequestType = "Request",
        RequestOutcome = "Outcome",
        RequestErasure = "erasure",
        RequestExport = "export",
        OutcomeCompleted = "completed",
        OutcomeRefusalsKept = "completed; refusals kept as a suppression record",
        ReasonGlobalPrivacyControlRecorded = "Global Privacy Control, recorded as the visitor's opt-out",
        ReasonUnavailable = "could not be established: denied",
    };

    public static readonly ConsoleStrings German = new()
    {
        Locale = "de",
        ConsoleName = "CookieConsent-Konsole",
        SkipToContent = "Zum Hauptinhalt springen",
        MainNavigation = "Konsole",
        Sites = "Websites",
        SignOut = "Abmelden",
        SiteSections = "Bereiche von {0}",
        Settings = "Einstellungen",
        Preview = "Vorschau",
        PolicyVersions = "Richtlinienversionen",
        Keys = "API-Schlüssel",
        Statistics = "Statistik",
        Visitors = "Besucher",
        AuditLog = "Änderungsprotokoll",
        ErrorTitle = "Etwas ist schiefgelaufen",
        Back = "Zurück",
        FormRejected = "Dieses Formular ist abgelaufen oder wurde nicht aus dieser Konsole gesendet. Es wurde nichts geändert; bitte versuchen Sie es erneut.",
        StoreUnavailable = "Der Einwilligungsspeicher hat nicht rechtzeitig geantwortet. Möglicherweise wurde nichts geändert; bitte versuchen Sie es erneut.",
        UnknownSite = "Diese Website gibt es nicht.",
        UnknownKey = "Diese Website hat keinen solchen Schlüssel.",
        TooManyAttempts = "Zu viele falsche Schlüssel von Ihrer Adresse. Versuchen Sie es in {0} Sekunden erneut.",
        SignInTitle = "Anmelden",
        SignInIntro = "Melden Sie sich mit dem Admin-Schlüssel des Servers an, um Websites, Schlüssel und Einwilligungen zu verwalten.",
        AdminKey = "Admin-Schlüssel",
        SignIn = "Anmelden",
        WrongAdminKey = "Der Admin-Schlüssel ist falsch.",
        CreateSite = "Website anlegen",
        NewSite = "Neue Website",
        NoSites = "Es gibt noch keine Websites.",
        SiteId = "Website-ID",
        SiteIdHint = "1 bis 64 Zeichen aus a-z, 0-9 und '-'. Sie kann später nicht geändert werden.",
        SiteExists = "Eine Website mit dieser ID gibt es bereits.",
        SiteSettings = "Website",
        DisplayName = "Anzeigename",
        Regime = "Regelung",
        RegimeOptIn = "Opt-in (DSGVO): nichts Optionales, bis der Besucher zustimmt",
        RegimeOptOut = "Opt-out (CCPA): erlaubt, bis der Besucher oder ein Signal ablehnt",
        HonorDoNotTrack = "Do Not Track beachten (DNT: 1 lehnt jede optionale Kategorie ab)",
        HonorGlobalPrivacyControl = "Global Privacy Control beachten (Sec-GPC: 1 lehnt Verkauf und Weitergabe ab)",
        ConsentLifetimeDays = "Gültigkeit einer Einwilligung (Tage)",
        RefusalLifetimeDays = "Erneut fragen nach einer Ablehnung (Tage)",
        RefusalLifetimeDaysHint = "Leer lassen für das Minimum des Regimes: 365 Tage bei Opt-out-Sites, 183 bei Opt-in-Sites. Die Ablehnung selbst verfällt nie; nach so vielen Tagen darf erneut gefragt werden.",
        PolicyUrl = "URL der Datenschutzerklärung",
        HomeUrl = "URL der Startseite (optional)",
        HomeUrlHint = "Ziel des Links „Zurück zu …“ der gehosteten Seiten ohne Rücksprung-URL; auf einem der Hosts unten. Leer: die Wurzel des ersten Hosts.",
        ServiceMembership = "Dienst",
        ServiceMembershipHint = "Die ID des Dienstes (eine Gruppe von Websites mit einem gemeinsamen Widerspruch), zu dem diese Website gehört. Leer: keiner.",
        UnknownService = "Diesen Dienst gibt es nicht.",
        ControllerLegalName = "Name des Verantwortlichen (optional)",
        ControllerLegalNameHint = "Wer für die Verarbeitung verantwortlich ist, wie auf jedem Einwilligungsnachweis genannt.",
        ControllerContact = "Datenschutzkontakt des Verantwortlichen (optional)",
        ControllerContactHint = "Eine Postanschrift oder E-Mail-Adresse für Datenschutzfragen.",
        ControllerPrivacyPolicyUrl = "URL der Datenschutzerklärung des Verantwortlichen (optional)",
        DefaultLocale = "Standardsprache",
        DefaultLocaleHint = "Wird verwendet, wenn keine Sprache des Besuchers zu den Texten passt, z. B. en.",
        CookieName = "Name des Einwilligungs-Cookies",
        CookieDomain = "Domain des Einwilligungs-Cookies (optional)",
        CookieDomainHint = "Leer lassen für den eigenen Host der Website.",
        AllowedReturnHosts = "Hosts, zu denen die gehosteten Seiten zurückkehren dürfen",
        OnePerLine = "Einer pro Zeile.",
        Categories = "Kategorien",
        NewCategory = "Kategorie hinzufügen",
        CategoryLegend = "Kategorie {0}",
        CategoryId = "Kategorie-ID",
        CategoryIdHint = "1 bis 32 Zeichen aus a-z, 0-9 und '-'. Entscheidungen der Besucher werden unter dieser ID gespeichert.",
        Required = "Unbedingt erforderlich",
        RequiredHint = "Immer erlaubt; Besucher können sie nicht ablehnen.",
        SaleOrSharing = "Verkauf oder Weitergabe personenbezogener Daten",
        SaleOrSharingHint = "Fällt unter das CCPA-Opt-out und Global Privacy Control.",
        Sensitive = "Sensible personenbezogene Daten",
        SensitiveHint = "CCPA „Limit the Use of My Sensitive Personal Information“: bei Opt-out-Sites mit eigener Seite und abgelehnt wie Verkauf oder Weitergabe.",
        Cookies = "Cookies",
        CookiesHint = "Ein Name pro Zeile; ein * am Ende steht für ein Präfix.",
        Texts = "Was Besucher lesen",
        TextName = "Name auf {0}",
        TextDescription = "Beschreibung auf {0}",
        RemoveCategory = "Diese Kategorie entfernen",
        SaveSite = "Website speichern",
        Saved = "Gespeichert.",
        ErrorSummary = "Es gibt ein Problem",
        PreviewIntro = "Das Banner und die Einstellungsseite, wie ein neuer Besucher sie sieht. Hier lässt sich nichts anklicken.",
        PreviewLanguage = "Sprache der Vorschau",
        PreviewBanner = "Banner",
        PreviewPreferences = "Einstellungsseite",
        Version = "Version",
        EffectiveFrom = "Gültig ab",
        ChangedCategories = "Geänderte Kategorien",
        ChangedCategoriesHint = "Besucher, die einer geänderten Kategorie unter einer älteren Version zugestimmt haben, werden erneut gefragt, sobald diese Version gilt.",
        Status = "Status",
        Actions = "Aktionen",
        Current = "In Kraft",
        Superseded = "Abgelöst",
        TakesEffectInDays = "Tritt in {0} Tagen in Kraft",
        TakesEffectTomorrow = "Tritt innerhalb eines Tages in Kraft",
        CancelVersion = "Version {0} zurückziehen",
        CannotCancel = "Nur eine Version, die noch nicht in Kraft ist, kann zurückgezogen werden.",
        ScheduleVersion = "Neue Version planen",
        ScheduleIntro = "Bis zu ihrem Datum ändert eine neue Version für niemanden etwas.",
        EffectiveDate = "Tritt in Kraft am (UTC)",
        EffectiveDateHint = "Standardmäßig in {0} Tagen, die Frist, die Ihre Richtlinie zusagt.",
        DateInvalid = "Geben Sie ein Datum als JJJJ-MM-TT ein.",
        DatePast = "Wählen Sie heute oder ein späteres Datum.",
        Schedule = "Version planen",
        KeysIntro = "Websites verwenden diese Schlüssel für die Aufrufe ihres Servers an die Einwilligungs-API. Ein Schlüssel wird nur einmal angezeigt, beim Anlegen.",
        NoKeys = "Diese Website hat keine Schlüssel.",
        KeyId = "Schlüssel-ID",
        Created = "Angelegt",
        LastUsed = "Zuletzt verwendet",
        Never = "Nie",
        CreateKey = "Schlüssel anlegen",
        NewKeyTitle = "Ihr neuer Schlüssel",
        NewKeyLabel = "Neuer API-Schlüssel",
        NewKeyHint = "Kopieren Sie ihn jetzt und halten Sie ihn geheim: Er wird nicht noch einmal angezeigt.",
        RevokeKeyLink = "Schlüssel {0} widerrufen",
        RevokeKeyTitle = "Schlüssel {0} widerrufen?",
        RevokeKeyWarning = "Jede Anfrage mit diesem Schlüssel wird ab sofort abgelehnt. Das lässt sich nicht rückgängig machen.",
        RevokeKey = "Schlüssel widerrufen",
        Cancel = "Abbrechen",
        Period = "Zeitraum",
        LastDays = "Letzte {0} Tage",
        DownloadCsv = "Letzte {0} Tage als CSV herunterladen",
        NoOptionalCategories = "Diese Website hat keine optionalen Kategorien, also gibt es keine Entscheidungen zu zählen.",
        NoChoices = "keine Entscheidungen",
        StatsSummary = "{0} Zustimmungen, {1} Ablehnungen, Zustimmungsrate {2}.",
        ChartTitle = "Tägliche Zustimmungsrate von {0}, letzte {1} Tage",
        ChartDescription = "Balken von {0} bis {1}, einer pro Tag, so hoch wie der Anteil der Zustimmungen; Tage ohne Entscheidungen haben keinen Balken. Insgesamt {2} Zustimmungen und {3} Ablehnungen, Zustimmungsrate {4}.",
        NumbersFor = "Die Zahlen für {0}",
        Day = "Tag (UTC)",
        OptIns = "Zustimmungen",
        OptOuts = "Ablehnungen",
        OptInRate = "Zustimmungsrate",
        VisitorId = "Besucher-ID",
        VisitorIdHint = "Die zufällige ID aus dem Einwilligungs-Cookie der Website oder ihren eigenen Unterlagen.",
        VisitorIdInvalid = "Eine Besucher-ID ist das base64url von 16 bis 32 Zufallsbytes.",
        LookUp = "Nachschlagen",
        Decisions = "Aktuelle Entscheidungen",
        NoConsentStored = "Für diesen Besucher ist keine Einwilligung gespeichert: Es gilt die Voreinstellung der Regelung.",
        StateSummary = "Erteilt {0}, gültig bis {1}, unter Richtlinienversion {2}, über {3}.",
        Category = "Kategorie",
        Decision = "Entscheidung",
        Reason = "Grund",
        Allowed = "erlaubt",
        Denied = "abgelehnt",
        Receipts = "Nachweise",
        NoReceipts = "Keine Nachweise.",
        When = "Wann (UTC)",
        ReceiptId = "Nachweis",
        Choices = "Entscheidungen",
        Signals = "Signale",
        Source = "Quelle",
        ExportReceipts = "Nachweise exportieren (JSON)",
        EraseVisitor = "Diesen Besucher löschen",
        EraseTitle = "Die Einwilligung dieses Besuchers löschen?",
        EraseWarning = "Die Einwilligung und alle Nachweise werden gelöscht (DSGVO Art. 17). Das lässt sich nicht rückgängig machen.",
        Erase = "Löschen",
        VisitorErased = "Einwilligung und Nachweise des Besuchers wurden gelöscht.",
        AuditIntro = "Jede Änderung über diese Konsole oder die Admin-API, neueste zuerst (die letzten {0}). Einträge können nicht bearbeitet werden.",
        NoAuditEntries = "Noch keine Änderungen aufgezeichnet.",
        Who = "Wer",
        What = "Was",
        Details = "Details",
        ReasonRequired = "unbedingt erforderlich",
        ReasonDoNotTrack = "Do Not Track",
        ReasonGlobalPrivacyControl = "Global Privacy Control",
        ReasonNoConsent = "noch keine Entscheidung: Voreinstellung der Regelung",
        ReasonExpired = "Einwilligung abgelaufen: Voreinstellung der Regelung",
        ReasonPolicyChanged = "die Richtlinie hat diese Kategorie geändert: Voreinstellung der Regelung",
        ReasonVisitorChoice = "eigene Entscheidung des Besuchers",
        ReasonVisitorRefusal = "vom Besucher abgelehnt: gilt, bis er es ändert",
        RequestLog = "Datenschutzanfragen (letzte 24 Monate)",
        NoRequests = "Keine Lösch- oder Exportanfragen in den letzten 24 Monaten.",
        RequestType = "Anfrage",
        RequestOutcome = "Ergebnis",
        RequestErasure = "Löschung",
        RequestExport = "Export",
        OutcomeCompleted = "erledigt",
        OutcomeRefusalsKept = "erledigt; Ablehnungen als Sperrvermerk behalten",
        ReasonGlobalPrivacyControlRecorded = "Global Privacy Control, als Widerspruch des Besuchers gespeichert",
        ReasonUnavailable = "nicht feststellbar: abgelehnt",
    };

    public static readonly ConsoleStrings French = new()
    {
        Locale = "fr",
        ConsoleName = "Console CookieConsent",
        SkipToContent = "Aller au contenu principal",
        MainNavigation = "Console",
        Sites = "Sites",
        SignOut = "Se déconnecter",
        SiteSections = "Sections de {0}",
        Settings = "Paramètres",
        Preview = "Aperçu",
        PolicyVersions = "Versions de la politique",
        Keys = "Clés d’API",
        Statistics = "Statistiques",
        Visitors = "Visiteurs",
        AuditLog = "Journal d’audit",
        ErrorTitle = "Une erreur s’est produite",
        Back = "Retour",
        FormRejected = "Ce formulaire a expiré ou n’a pas été envoyé depuis cette console. Rien n’a été modifié ; veuillez réessayer.",
        StoreUnavailable = "Le stockage des consentements n’a pas répondu à temps. Il se peut que rien n’ait été modifié ; veuillez réessayer.",
        UnknownSite = "Ce site n’existe pas.",
        UnknownKey = "Ce site n’a pas cette clé.",
        TooManyAttempts = "Trop de clés erronées depuis votre adresse. Réessayez dans {0} secondes.",
        SignInTitle = "Connexion",
        SignInIntro = "Connectez-vous avec la clé d’administration du serveur pour gérer les sites, les clés et les consentements.",
        AdminKey = "Clé d’administration",
        SignIn = "Se connecter",
        WrongAdminKey = "La clé d’administration est incorrecte.",
        CreateSite = "Créer le site",
        NewSite = "Nouveau site",
        NoSites = "Il n’y a encore aucun site.",
        SiteId = "Identifiant du site",
        SiteIdHint = "1 à 64 caractères parmi a-z, 0-9 et « - ». Il ne pourra plus être modifié.",
        SiteExists = "Un site avec cet identifiant existe déjà.",
        SiteSettings = "Site",
        DisplayName = "Nom affiché",
        Regime = "Régime",
        RegimeOptIn = "Opt-in (RGPD) : rien d’optionnel avant l’accord du visiteur",
        RegimeOptOut = "Opt-out (CCPA) : autorisé jusqu’au refus du visiteur ou d’un signal",
        HonorDoNotTrack = "Respecter Do Not Track (DNT: 1 refuse toute catégorie optionnelle)",
        HonorGlobalPrivacyControl = "Respecter Global Privacy Control (Sec-GPC: 1 refuse la vente et le partage)",
        ConsentLifetimeDays = "Durée d’un consentement (jours)",
        RefusalLifetimeDays = "Délai avant de redemander après un refus (jours)",
        RefusalLifetimeDaysHint = "Laisser vide pour le minimum du régime : 365 jours en opt-out, 183 en opt-in. Le refus lui-même n’expire jamais ; après ce délai, le visiteur peut être sollicité à nouveau.",
        PolicyUrl = "URL de la politique de confidentialité",
        HomeUrl = "URL de la page d’accueil (facultatif)",
        HomeUrlHint = "Cible du lien « Retour à … » des pages hébergées sans URL de retour ; sur l’un des hôtes ci-dessous. Vide : la racine du premier hôte.",
        ServiceMembership = "Service",
        ServiceMembershipHint = "L’identifiant du service (un groupe de sites avec une seule opposition) auquel appartient ce site. Vide : aucun.",
        UnknownService = "Ce service n’existe pas.",
        ControllerLegalName = "Raison sociale du responsable du traitement (facultatif)",
        ControllerLegalNameHint = "Qui est responsable du traitement, tel que nommé sur chaque preuve de consentement.",
        ControllerContact = "Contact du responsable pour la vie privée (facultatif)",
        ControllerContactHint = "Une adresse postale ou une adresse e-mail pour les questions de confidentialité.",
        ControllerPrivacyPolicyUrl = "URL de la politique de confidentialité du responsable (facultatif)",
        DefaultLocale = "Langue par défaut",
        DefaultLocaleHint = "Utilisée quand aucune langue du visiteur ne correspond aux textes, p. ex. en.",
        CookieName = "Nom du cookie de consentement",
        CookieDomain = "Domaine du cookie de consentement (facultatif)",
        CookieDomainHint = "Laisser vide pour l’hôte du site.",
        AllowedReturnHosts = "Hôtes vers lesquels les pages hébergées peuvent revenir",
        OnePerLine = "Un par ligne.",
        Categories = "Catégories",
        NewCategory = "Ajouter une catégorie",
        CategoryLegend = "Catégorie {0}",
        CategoryId = "Identifiant de catégorie",
        CategoryIdHint = "1 à 32 caractères parmi a-z, 0-9 et « - ». Les choix des visiteurs sont gardés sous cet identifiant.",
        Required = "Strictement nécessaire",
        RequiredHint = "Toujours autorisée ; les visiteurs ne peuvent pas la refuser.",
        SaleOrSharing = "Vente ou partage d’informations personnelles",
        SaleOrSharingHint = "Couverte par l’opt-out CCPA et par Global Privacy Control.",
        Sensitive = "Informations personnelles sensibles",
        SensitiveHint = "CCPA « Limit the Use of My Sensitive Personal Information » : en opt-out, une page de limitation, et refusée comme la vente ou le partage.",
        Cookies = "Cookies",
        CookiesHint = "Un nom par ligne ; un * final désigne un préfixe.",
        Texts = "Ce que lisent les visiteurs",
        TextName = "Nom en {0}",
        TextDescription = "Description en {0}",
        RemoveCategory = "Supprimer cette catégorie",
        SaveSite = "Enregistrer le site",
        Saved = "Enregistré.",
        ErrorSummary = "Il y a un problème",
        PreviewIntro = "La bannière et la page de préférences telles qu’un nouveau visiteur les voit. Rien n’est cliquable ici.",
        PreviewLanguage = "Langue de l’aperçu",
        PreviewBanner = "Bannière",
        PreviewPreferences = "Page de préférences",
        Version = "Version",
        EffectiveFrom = "En vigueur à partir du",
        ChangedCategories = "Catégories modifiées",
        ChangedCategoriesHint = "Les visiteurs qui ont accepté une catégorie modifiée sous une version antérieure seront à nouveau sollicités dès l’entrée en vigueur.",
        Status = "Statut",
        Actions = "Actions",
        Current = "En vigueur",
        Superseded = "Remplacée",
        TakesEffectInDays = "Entre en vigueur dans {0} jours",
        TakesEffectTomorrow = "Entre en vigueur dans la journée",
        CancelVersion = "Annuler la version {0}",
        CannotCancel = "Seule une version pas encore en vigueur peut être annulée.",
        ScheduleVersion = "Planifier une nouvelle version",
        ScheduleIntro = "Jusqu’à sa date, une nouvelle version ne change rien pour personne.",
        EffectiveDate = "Entre en vigueur le (UTC)",
        EffectiveDateHint = "Par défaut dans {0} jours, le préavis promis par votre politique.",
        DateInvalid = "Saisissez une date au format AAAA-MM-JJ.",
        DatePast = "Choisissez aujourd’hui ou une date ultérieure.",
        Schedule = "Planifier la version",
        KeysIntro = "Les sites utilisent ces clés pour les appels de leur serveur à l’API de consentement. Une clé n’est affichée qu’une fois, à sa création.",
        NoKeys = "Ce site n’a aucune clé.",
        KeyId = "Identifiant de clé",
        Created = "Créée",
        LastUsed = "Dernière utilisation",
        Never = "Jamais",
        CreateKey = "Créer une clé",
        NewKeyTitle = "Votre nouvelle clé",
        NewKeyLabel = "Nouvelle clé d’API",
        NewKeyHint = "Copiez-la maintenant et gardez-la secrète : elle ne sera plus affichée.",
        RevokeKeyLink = "Révoquer la clé {0}",
        RevokeKeyTitle = "Révoquer la clé {0} ?",
        RevokeKeyWarning = "Toute requête avec cette clé sera désormais refusée. C’est irréversible.",
        RevokeKey = "Révoquer la clé",
        Cancel = "Annuler",
        Period = "Période",
        LastDays = "{0} derniers jours",
        DownloadCsv = "Télécharger les {0} derniers jours en CSV",
        NoOptionalCategories = "Ce site n’a aucune catégorie optionnelle : il n’y a donc aucun choix à compter.",
        NoChoices = "aucun choix",
        StatsSummary = "{0} acceptations, {1} refus, taux d’acceptation {2}.",
        ChartTitle = "Taux d’acceptation quotidien de {0}, {1} derniers jours",
        ChartDescription = "Barres du {0} au {1}, une par jour, aussi hautes que la part d’acceptations ; les jours sans choix n’ont pas de barre. Au total {2} acceptations et {3} refus, taux d’acceptation {4}.",
        NumbersFor = "Les chiffres pour {0}",
        Day = "Jour (UTC)",
        OptIns = "Acceptations",
        OptOuts = "Refus",
        OptInRate = "Taux d’acceptation",
        VisitorId = "Identifiant du visiteur",
        VisitorIdHint = "L’identifiant aléatoire du cookie de consentement du site ou de ses propres registres.",
        VisitorIdInvalid = "Un identifiant de visiteur est le base64url de 16 à 32 octets aléatoires.",
        LookUp = "Rechercher",
        Decisions = "Décisions actuelles",
        NoConsentStored = "Aucun consentement n’est enregistré pour ce visiteur : le régime par défaut s’applique.",
        StateSummary = "Donné le {0}, valable jusqu’au {1}, sous la version {2}, via {3}.",
        Category = "Catégorie",
        Decision = "Décision",
        Reason = "Raison",
        Allowed = "autorisé",
        Denied = "refusé",
        Receipts = "Reçus",
        NoReceipts = "Aucun reçu.",
        When = "Quand (UTC)",
        ReceiptId = "Reçu",
        Choices = "Choix",
        Signals = "Signaux",
        Source = "Source",
        ExportReceipts = "Exporter les reçus (JSON)",
        EraseVisitor = "Effacer ce visiteur",
        EraseTitle = "Effacer le consentement de ce visiteur ?",
        EraseWarning = "Son consentement et tous ses reçus seront supprimés (RGPD art. 17). C’est irréversible.",
        Erase = "Effacer",
        VisitorErased = "Le consentement et les reçus du visiteur ont été effacés.",
        AuditIntro = "Chaque modification faite via cette console ou l’API d’administration, la plus récente d’abord (les {0} dernières). Les entrées ne sont pas modifiables.",
        NoAuditEntries = "Aucune modification enregistrée pour l’instant.",
        Who = "Qui",
        What = "Quoi",
        Details = "Détails",
        ReasonRequired = "strictement nécessaire",
        ReasonDoNotTrack = "Do Not Track",
        ReasonGlobalPrivacyControl = "Global Privacy Control",
        ReasonNoConsent = "pas encore de choix : régime par défaut",
        ReasonExpired = "consentement expiré : régime par défaut",
        ReasonPolicyChanged = "la politique a modifié cette catégorie : régime par défaut",
        ReasonVisitorChoice = "choix du visiteur",
        ReasonVisitorRefusal = "refusé par le visiteur : vaut jusqu'à ce qu'il change d'avis",
        RequestLog = "Demandes relatives aux données (24 derniers mois)",
        NoRequests = "Aucune demande d’effacement ou d’export au cours des 24 derniers mois.",
        RequestType = "Demande",
        RequestOutcome = "Résultat",
        RequestErasure = "effacement",
        RequestExport = "export",
        OutcomeCompleted = "traitée",
        OutcomeRefusalsKept = "traitée ; refus conservés comme mention d’opposition",
        ReasonGlobalPrivacyControlRecorded = "Global Privacy Control, enregistré comme opposition du visiteur",
        ReasonUnavailable = "impossible à établir : refusé",
    };

    public static readonly ConsoleStrings Spanish = new()
    {
        Locale = "es",
        ConsoleName = "Consola de CookieConsent",
        SkipToContent = "Saltar al contenido principal",
        MainNavigation = "Consola",
        Sites = "Sitios",
        SignOut = "Cerrar sesión",
        SiteSections = "Secciones de {0}",
        Settings = "Configuración",
        Preview = "Vista previa",
        PolicyVersions = "Versiones de la política",
        Keys = "Claves de API",
        Statistics = "Estadísticas",
        Visitors = "Visitantes",
        AuditLog = "Registro de auditoría",
        ErrorTitle = "Algo ha salido mal",
        Back = "Volver",
        FormRejected = "Este formulario ha caducado o no se envió desde esta consola. No se ha cambiado nada; inténtelo de nuevo.",
        StoreUnavailable = "El almacén de consentimientos no respondió a tiempo. Puede que no se haya cambiado nada; inténtelo de nuevo.",
        UnknownSite = "No existe ese sitio.",
        UnknownKey = "Este sitio no tiene esa clave.",
        TooManyAttempts = "Demasiadas claves incorrectas desde su dirección. Vuelva a intentarlo en {0} segundos.",
        SignInTitle = "Iniciar sesión",
        SignInIntro = "Inicie sesión con la clave de administración del servidor para gestionar sitios, claves y consentimientos.",
        AdminKey = "Clave de administración",
        SignIn = "Iniciar sesión",
        WrongAdminKey = "La clave de administración es incorrecta.",
        CreateSite = "Crear sitio",
        NewSite = "Nuevo sitio",
        NoSites = "Todavía no hay sitios.",
        SiteId = "Id. del sitio",
        SiteIdHint = "De 1 a 64 caracteres entre a-z, 0-9 y '-'. No se puede cambiar después.",
        SiteExists = "Ya existe un sitio con este id.",
        SiteSettings = "Sitio",
        DisplayName = "Nombre visible",
        Regime = "Régimen",
        RegimeOptIn = "Opt-in (RGPD): nada opcional hasta que el visitante acepte",
        RegimeOptOut = "Opt-out (CCPA): permitido hasta que el visitante o una señal lo rechace",
        HonorDoNotTrack = "Respetar Do Not Track (DNT: 1 rechaza toda categoría opcional)",
        HonorGlobalPrivacyControl = "Respetar Global Privacy Control (Sec-GPC: 1 rechaza la venta y el intercambio)",
        ConsentLifetimeDays = "Duración del consentimiento (días)",
        RefusalLifetimeDays = "Intervalo para volver a preguntar tras un rechazo (días)",
        RefusalLifetimeDaysHint = "Déjelo vacío para el mínimo del régimen: 365 días en opt-out, 183 en opt-in. El rechazo en sí nunca caduca; pasado este plazo se puede volver a preguntar.",
        PolicyUrl = "URL de la política de privacidad",
        HomeUrl = "URL de la página de inicio (opcional)",
        HomeUrlHint = "Destino del enlace «Volver a …» de las páginas alojadas sin URL de retorno; en uno de los hosts de abajo. Vacío: la raíz del primer host.",
        ServiceMembership = "Servicio",
        ServiceMembershipHint = "El id del servicio (un grupo de sitios con una sola exclusión) al que pertenece este sitio. Vacío: ninguno.",
        UnknownService = "No existe ese servicio.",
        ControllerLegalName = "Razón social del responsable del tratamiento (opcional)",
        ControllerLegalNameHint = "Quién es responsable del tratamiento, tal como figura en cada comprobante de consentimiento.",
        ControllerContact = "Contacto de privacidad del responsable (opcional)",
        ControllerContactHint = "Una dirección postal o de correo electrónico para consultas de privacidad.",
        ControllerPrivacyPolicyUrl = "URL de la política de privacidad del responsable (opcional)",
        DefaultLocale = "Idioma predeterminado",
        DefaultLocaleHint = "Se usa cuando ningún idioma del visitante coincide con los textos, p. ej. en.",
        CookieName = "Nombre de la cookie de consentimiento",
        CookieDomain = "Dominio de la cookie de consentimiento (opcional)",
        CookieDomainHint = "Déjelo vacío para el propio host del sitio.",
        AllowedReturnHosts = "Hosts a los que pueden volver las páginas alojadas",
        OnePerLine = "Uno por línea.",
        Categories = "Categorías",
        NewCategory = "Añadir una categoría",
        CategoryLegend = "Categoría {0}",
        CategoryId = "Id. de categoría",
        CategoryIdHint = "De 1 a 32 caracteres entre a-z, 0-9 y '-'. Las elecciones se guardan con este id.",
        Required = "Estrictamente necesaria",
        RequiredHint = "Siempre permitida; los visitantes no pueden rechazarla.",
        SaleOrSharing = "Venta o intercambio de información personal",
        SaleOrSharingHint = "Cubierta por el opt-out de la CCPA y por Global Privacy Control.",
        Sensitive = "Información personal sensible",
        SensitiveHint = "CCPA «Limit the Use of My Sensitive Personal Information»: en opt-out tiene página de límite y se rechaza como la venta o el intercambio.",
        Cookies = "Cookies",
        CookiesHint = "Un nombre por línea; un * final indica un prefijo.",
        Texts = "Lo que leen los visitantes",
        TextName = "Nombre en {0}",
        TextDescription = "Descripción en {0}",
        RemoveCategory = "Eliminar esta categoría",
        SaveSite = "Guardar sitio",
        Saved = "Guardado.",
        ErrorSummary = "Hay un problema",
        PreviewIntro = "El banner y la página de preferencias tal como los ve un visitante nuevo. Aquí no se puede pulsar nada.",
        PreviewLanguage = "Idioma de la vista previa",
        PreviewBanner = "Banner",
        PreviewPreferences = "Página de preferencias",
        Version = "Versión",
        EffectiveFrom = "En vigor desde",
        ChangedCategories = "Categorías modificadas",
        ChangedCategoriesHint = "A quienes aceptaron una categoría modificada con una versión anterior se les preguntará de nuevo cuando esta versión entre en vigor.",
        Status = "Estado",
        Actions = "Acciones",
        Current = "En vigor",
        Superseded = "Sustituida",
        TakesEffectInDays = "Entra en vigor en {0} días",
        TakesEffectTomorrow = "Entra en vigor en menos de un día",
        CancelVersion = "Cancelar la versión {0}",
        CannotCancel = "Solo se puede cancelar una versión que aún no está en vigor.",
        ScheduleVersion = "Programar una nueva versión",
        ScheduleIntro = "Hasta su fecha, una nueva versión no cambia nada para nadie.",
        EffectiveDate = "Entra en vigor el (UTC)",
        EffectiveDateHint = "Por defecto dentro de {0} días, el preaviso que promete su política.",
        DateInvalid = "Introduzca una fecha como AAAA-MM-DD.",
        DatePast = "Elija hoy o una fecha posterior.",
        Schedule = "Programar versión",
        KeysIntro = "Los sitios usan estas claves para las llamadas de su servidor a la API de consentimiento. Una clave solo se muestra una vez, al crearla.",
        NoKeys = "Este sitio no tiene claves.",
        KeyId = "Id. de clave",
        Created = "Creada",
        LastUsed = "Último uso",
        Never = "Nunca",
        CreateKey = "Crear una clave",
        NewKeyTitle = "Su nueva clave",
        NewKeyLabel = "Nueva clave de API",
        NewKeyHint = "Cópiela ahora y manténgala en secreto: no se volverá a mostrar.",
        RevokeKeyLink = "Revocar la clave {0}",
        RevokeKeyTitle = "¿Revocar la clave {0}?",
        RevokeKeyWarning = "A partir de ahora se rechazará toda petición con esta clave. No se puede deshacer.",
        RevokeKey = "Revocar clave",
        Cancel = "Cancelar",
        Period = "Periodo",
        LastDays = "Últimos {0} días",
        DownloadCsv = "Descargar los últimos {0} días en CSV",
        NoOptionalCategories = "Este sitio no tiene categorías opcionales, así que no hay elecciones que contar.",
        NoChoices = "sin elecciones",
        StatsSummary = "{0} aceptaciones, {1} rechazos, tasa de aceptación {2}.",
        ChartTitle = "Tasa de aceptación diaria de {0}, últimos {1} días",
        ChartDescription = "Barras del {0} al {1}, una por día, tan altas como la proporción de aceptaciones; los días sin elecciones no tienen barra. En total {2} aceptaciones y {3} rechazos, tasa de aceptación {4}.",
        NumbersFor = "Las cifras de {0}",
        Day = "Día (UTC)",
        OptIns = "Aceptaciones",
        OptOuts = "Rechazos",
        OptInRate = "Tasa de aceptación",
        VisitorId = "Id. del visitante",
        VisitorIdHint = "El id aleatorio de la cookie de consentimiento del sitio o de sus propios registros.",
        VisitorIdInvalid = "Un id. de visitante es el base64url de 16 a 32 bytes aleatorios.",
        LookUp = "Buscar",
        Decisions = "Decisiones actuales",
        NoConsentStored = "No hay consentimiento guardado para este visitante: se aplica el valor por defecto del régimen.",
        StateSummary = "Dado el {0}, válido hasta el {1}, con la versión {2}, mediante {3}.",
        Category = "Categoría",
        Decision = "Decisión",
        Reason = "Motivo",
        Allowed = "permitido",
        Denied = "denegado",
        Receipts = "Recibos",
        NoReceipts = "No hay recibos.",
        When = "Cuándo (UTC)",
        ReceiptId = "Recibo",
        Choices = "Elecciones",
        Signals = "Señales",
        Source = "Origen",
        ExportReceipts = "Exportar recibos (JSON)",
        EraseVisitor = "Borrar este visitante",
        EraseTitle = "¿Borrar el consentimiento de este visitante?",
        EraseWarning = "Se borrarán su consentimiento y todos sus recibos (RGPD art. 17). No se puede deshacer.",
        Erase = "Borrar",
        VisitorErased = "Se han borrado el consentimiento y los recibos del visitante.",
        AuditIntro = "Cada cambio hecho mediante esta consola o la API de administración, el más reciente primero (los últimos {0}). Las entradas no se pueden editar.",
        NoAuditEntries = "Aún no hay cambios registrados.",
        Who = "Quién",
        What = "Qué",
        Details = "Detalles",
        ReasonRequired = "estrictamente necesaria",
        ReasonDoNotTrack = "Do Not Track",
        ReasonGlobalPrivacyControl = "Global Privacy Control",
        ReasonNoConsent = "aún sin elección: valor por defecto del régimen",
        ReasonExpired = "consentimiento caducado: valor por defecto del régimen",
        ReasonPolicyChanged = "la política cambió esta categoría: valor por defecto del régimen",
        ReasonVisitorChoice = "elección del propio visitante",
        ReasonVisitorRefusal = "rechazado por el visitante: vale hasta que lo cambie",
        RequestLog = "Solicitudes de privacidad (últimos 24 meses)",
        NoRequests = "Ninguna solicitud de supresión o exportación en los últimos 24 meses.",
        RequestType = "Solicitud",
        RequestOutcome = "Resultado",
        RequestErasure = "supresión",
        RequestExport = "exportación",
        OutcomeCompleted = "completada",
        OutcomeRefusalsKept = "completada; rechazos conservados como registro de supresión",
        ReasonGlobalPrivacyControlRecorded = "Global Privacy Control, registrado como exclusión del visitante",
        ReasonUnavailable = "no se pudo establecer: denegado",
    };
}
