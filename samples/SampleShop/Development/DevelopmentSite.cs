using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Refit;

namespace SampleShop.Development;

/// <summary>
/// Development bootstrap: with <c>SampleShop:AdminKey</c> set and no <c>CookieConsent:ApiKey</c>, the shop creates (or
/// updates) its site at the consent server through the admin API and takes a fresh site key before it serves. A real
/// site is registered once by its operator and configured with its key instead.
/// </summary>
internal static class DevelopmentSite
{
    public static async Task AddDevelopmentSiteAsync(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var adminKey = configuration["SampleShop:AdminKey"];
        if (string.IsNullOrEmpty(adminKey) || !string.IsNullOrEmpty(configuration["CookieConsent:ApiKey"]))
        {
            return;
        }
        var serverUrl = configuration["CookieConsent:ServerUrl"] ?? throw new InvalidOperationException("Set CookieConsent:ServerUrl.");
        var siteId = configuration["CookieConsent:SiteId"] ?? throw new InvalidOperationException("Set CookieConsent:SiteId.");
        var shopUrl = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();

        // Only for this start-up step: the shop itself never holds an admin client.
        var services = new ServiceCollection();
        services.AddCookieConsentAdminClient(options =>
        {
            options.ServerUrl = serverUrl;
            options.AdminKey = adminKey;
            options.Timeout = TimeSpan.FromSeconds(10);
        });
        await using var provider = services.BuildServiceProvider();
        var admin = provider.GetRequiredService<ICookieConsentAdminApi>();
        try
        {
            // SampleShop:Regime=opt-out registers the Californian variant (CCPA), with its sensitive category.
            var regime = string.Equals(configuration["SampleShop:Regime"], "opt-out", StringComparison.OrdinalIgnoreCase)
                ? ConsentRegime.OptOut
                : ConsentRegime.OptIn;
            var returnHosts = (configuration["SampleShop:ReturnHosts"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            await admin.PutSiteAsync(siteId, Definition(shopUrl, regime) with
            {
                DisplayName = configuration["SampleShop:DisplayName"] ?? "Sample Shop",
                CookieName = configuration["SampleShop:CookieName"] ?? "cc_consent",
                AllowedReturnHosts = ["127.0.0.1", "localhost", .. returnHosts],
            });
            if (configuration["SampleShop:Service"] is { Length: > 0 } service)
            {
                await JoinServiceAsync(admin, service, siteId);
            }
            var key = await admin.CreateKeyAsync(siteId);
            configuration["CookieConsent:ApiKey"] = key.Key;
            Console.WriteLine($"Registered site '{siteId}' at {serverUrl} (site key {key.KeyId}).");
        }
        catch (ConsentApiException e)
        {
            throw new InvalidOperationException($"The consent server at {serverUrl} refused to register the site: {e.Message}", e);
        }
        catch (ApiRequestException e)
        {
            throw new InvalidOperationException(
                $"The consent server at {serverUrl} is not reachable ({e.InnerException?.Message ?? e.Message}). Start it first: bash scripts/run-server.sh", e);
        }
    }

    /// <summary>
    /// Adds the site to the service (created on first use) whose one opt-out covers analytics and marketing on every
    /// shop of it. Start the shops one after another: each reads the member list and writes it back.
    /// </summary>
    private static async Task JoinServiceAsync(ICookieConsentAdminApi admin, string service, string siteId)
    {
        ServiceDefinition current;
        try
        {
            current = (await admin.GetServiceAsync(service)).Definition;
        }
        catch (ConsentApiException e) when (e.Status == 404)
        {
            current = new ServiceDefinition("Sample Analytics", [], ["analytics", "marketing"]);
        }
        if (!current.Sites.Contains(siteId))
        {
            await admin.PutServiceAsync(service, current with { Sites = [.. current.Sites, siteId] });
        }
        Console.WriteLine($"Site '{siteId}' belongs to service '{service}' (opt out at /optout/{service}).");
    }

    /// <summary>
    /// The shop's categories, texts, cookies and signal handling. The <c>opt-out</c> variant also uses the visitor's
    /// precise location (sensitive personal information under the CCPA), so it offers "Limit the Use of My Sensitive
    /// Personal Information".
    /// </summary>
    internal static SiteDefinition Definition(string? shopUrl, ConsentRegime regime = ConsentRegime.OptIn) => new(
        DisplayName: "Sample Shop",
        Categories:
        [
            Category("necessary", required: true, saleOrSharing: false,
                ["cc_consent", "cc_notice", ".AspNetCore.Antiforgery.*"],
                en: ("Strictly necessary", "Keep the shop working: your cookie choices and form security."),
                de: ("Unbedingt erforderlich", "Halten den Shop am Laufen: Ihre Cookie-Auswahl und die Sicherheit der Formulare."),
                fr: ("Strictement nécessaires", "Font fonctionner la boutique : vos choix de cookies et la sécurité des formulaires."),
                es: ("Estrictamente necesarias", "Hacen funcionar la tienda: sus preferencias de cookies y la seguridad de los formularios.")),
            Category("analytics", required: false, saleOrSharing: false, ["_sa_*"],
                en: ("Analytics", "Count visits and page views so we can improve the shop."),
                de: ("Statistik", "Zählen Besuche und Seitenaufrufe, damit wir den Shop verbessern können."),
                fr: ("Mesure d'audience", "Comptent les visites et les pages vues pour améliorer la boutique."),
                es: ("Analítica", "Cuentan visitas y páginas vistas para mejorar la tienda.")),
            Category("marketing", required: false, saleOrSharing: true, ["ads_*"],
                en: ("Marketing", "Let our advertising partner show you ads for products you looked at."),
                de: ("Marketing", "Erlauben unserem Werbepartner, Ihnen Anzeigen zu angesehenen Produkten zu zeigen."),
                fr: ("Marketing", "Permettent à notre partenaire publicitaire de vous montrer des annonces pour les produits consultés."),
                es: ("Marketing", "Permiten a nuestro socio publicitario mostrarle anuncios de productos que ha visto.")),
            Category("preferences", required: false, saleOrSharing: false, ["shop_recently_viewed"],
                en: ("Preferences", "Remember the products you viewed recently."),
                de: ("Präferenzen", "Merken sich die Produkte, die Sie zuletzt angesehen haben."),
                fr: ("Préférences", "Mémorisent les produits que vous avez consultés récemment."),
                es: ("Preferencias", "Recuerdan los productos que ha visto recientemente.")),
            .. regime == ConsentRegime.OptOut
                ? [Category("location", required: false, saleOrSharing: false, [],
                    en: ("Precise location", "Suggest the pick-up point nearest to your precise location."),
                    de: ("Genauer Standort", "Schlagen die Abholstelle vor, die Ihrem genauen Standort am nächsten liegt."),
                    fr: ("Localisation précise", "Proposent le point de retrait le plus proche de votre position précise."),
                    es: ("Ubicación precisa", "Proponen el punto de recogida más cercano a su ubicación precisa.")) with { Sensitive = true }]
                : Array.Empty<CategoryDefinition>(),
        ],
        PolicyVersions: [new PolicyVersion(1, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), [])],
        AllowedReturnHosts: ["127.0.0.1", "localhost"],
        HonorDoNotTrack: true,
        HonorGlobalPrivacyControl: true,
        Regime: regime,
        // The hosted pages live on the consent server's origin, so the policy link must be absolute when it can be.
        PolicyUrl: shopUrl is null ? "/privacy" : shopUrl.TrimEnd('/') + "/privacy",
        // Where the hosted pages' "Back to Sample Shop" link goes when they were opened without a return URL.
        HomeUrl: shopUrl is null ? null : shopUrl.TrimEnd('/') + "/");

    private static CategoryDefinition Category(
        string id, bool required, bool saleOrSharing, IReadOnlyList<string> cookies,
        (string Name, string Description) en, (string Name, string Description) de,
        (string Name, string Description) fr, (string Name, string Description) es) =>
        new(id, required, saleOrSharing,
            new Dictionary<string, CategoryText>
            {
                ["en"] = new(en.Name, en.Description),
                ["de"] = new(de.Name, de.Description),
                ["fr"] = new(fr.Name, fr.Description),
                ["es"] = new(es.Name, es.Description),
            },
            cookies);
}
