using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CookieConsent.Server.Hosting;

/// <summary>A description for every tag the endpoints use (<c>WithTags</c>).</summary>
internal sealed class ApiTagDescriptions : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["Policy"] = "A site's categories, texts and current policy version: public, for banners and client sites.",
        ["Sites (admin key)"] = "Create and configure sites and issue or revoke their API keys, with the server's admin key.",
        ["Consent (site key)"] = "Record, read and verify visitors' consent, export receipts, erase visitors and read statistics, with the site's own key.",
        ["Services (admin key)"] = "Group sites into a service with one opt-out for all of them (/optout/{service}), with the server's admin key.",
        ["Hosted pages"] = "The server's own HTML pages for visitors (no script): preferences, Do Not Sell or Share, the receipt download.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var tag in swaggerDoc.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && Descriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }
}
