using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CookieConsent.Server.Tests.Console;

/// <summary>
/// Uses the console the way a browser with scripts off does: keeps cookies, does not follow redirects (tests look at
/// the 303), and submits a page's form with every field it carries (hidden, text, textarea, checked boxes, selects).
/// </summary>
internal sealed class ConsoleClient(HttpClient client, CancellationToken cancellationToken) : IDisposable
{
    public HttpClient Http { get; } = client;

    public static ConsoleClient For(WebApplicationFactory<Program> factory, CancellationToken cancellationToken) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), cancellationToken);

    public async Task<ConsolePage> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url, cancellationToken);
        return await ConsolePage.ReadAsync(response, cancellationToken);
    }

    /// <summary>Signs in with <paramref name="key"/>; returns the sign-in POST's answer.</summary>
    public async Task<ConsolePage> SignInAsync(string key = ConsentServerFactory.AdminKey)
    {
        var page = await GetAsync("/admin/sign-in");
        return await SubmitAsync(page, "form[action='/admin/sign-in']", new() { ["adminKey"] = key });
    }

    /// <summary>
    /// Submits the form matched by <paramref name="formSelector"/> with its fields, <paramref name="set"/> replacing or adding
    /// values (a checkbox is ticked with "on" and unticked with <see langword="null"/>), optionally pressing a named button.
    /// </summary>
    public async Task<ConsolePage> SubmitAsync(ConsolePage page, string formSelector, Dictionary<string, string?>? set = null,
        IReadOnlyList<KeyValuePair<string, string>>? extra = null)
    {
        var form = page.Document.QuerySelector(formSelector) ?? throw new AssertFailedException($"No form '{formSelector}' on {page.Url}:\n{page.Html}");
        var fields = Fields(form);
        foreach (var (name, value) in set ?? [])
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }
        fields.AddRange(extra ?? []);
        return await PostAsync(form.GetAttribute("action")!, fields);
    }

    public async Task<ConsolePage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await Http.PostAsync(url, new FormUrlEncodedContent(fields), cancellationToken);
        return await ConsolePage.ReadAsync(response, cancellationToken);
    }

    public static List<KeyValuePair<string, string>> Fields(IElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input, textarea, select"))
        {
            var name = element.GetAttribute("name");
            if (name is null)
            {
                continue;
            }
            switch (element.LocalName)
            {
                case "textarea":
                    fields.Add(new(name, element.TextContent));
                    break;
                case "select":
                    fields.Add(new(name, element.QuerySelector("option[selected]")?.GetAttribute("value")
                        ?? element.QuerySelector("option")?.GetAttribute("value") ?? ""));
                    break;
                default:
                    var type = element.GetAttribute("type") ?? "text";
                    if (type is "checkbox" or "radio")
                    {
                        if (element.HasAttribute("checked"))
                        {
                            fields.Add(new(name, element.GetAttribute("value") ?? "on"));
                        }
                    }
                    else
                    {
                        fields.Add(new(name, element.GetAttribute("value") ?? ""));
                    }
                    break;
            }
        }
        return fields;
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>One answer of the console: status, headers, and the parsed page.</summary>
internal sealed record ConsolePage(HttpStatusCode Status, string Url, string? Location, string Html, IDocument Document,
    IReadOnlyList<string> SetCookies, System.Net.Http.Headers.HttpResponseHeaders Headers, System.Net.Http.Headers.HttpContentHeaders ContentHeaders)
{
    public static async Task<ConsolePage> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ConsolePage(response.StatusCode, response.RequestMessage!.RequestUri!.PathAndQuery, response.Headers.Location?.OriginalString,
            html, new HtmlParser().ParseDocument(html),
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.ToList() : [],
            response.Headers, response.Content.Headers);
    }

    /// <summary>The error text drawn next to the field named <paramref name="field"/>, or <see langword="null"/>.</summary>
    public string? ErrorFor(string field) => Document.GetElementById(FieldId(field) + "-error")?.TextContent;

    public IElement? Field(string field) => Document.GetElementById(FieldId(field));

    public static string FieldId(string name) => CookieConsent.Server.Console.ConsoleHtml.FieldId(name);

    public void AssertStatus(HttpStatusCode expected) =>
        Assert.AreEqual(expected, Status, $"{Url}: expected {(int)expected}, got {(int)Status}\n{Html}");
}
