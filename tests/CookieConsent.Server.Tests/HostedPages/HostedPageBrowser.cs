using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace CookieConsent.Server.Tests.HostedPages;

/// <summary>Fetches hosted pages and posts their forms the way a browser with scripts off would.</summary>
internal sealed class HostedPageBrowser(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public async Task<(HttpResponseMessage Response, IDocument Document, string Html)> GetAsync(
        string url, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var response = await Client.SendAsync(request, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response, new HtmlParser().ParseDocument(html), html);
    }

    /// <summary>Submits the page's form that has the button matching <paramref name="buttonSelector"/>, with the hidden fields it carries.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(
        IDocument page, string buttonSelector, CancellationToken cancellationToken,
        IDictionary<string, string>? overrides = null, params (string Name, string Value)[] headers)
    {
        var button = page.QuerySelector(buttonSelector) ?? throw new AssertFailedException($"No button '{buttonSelector}' on the page.");
        var form = button.Closest("form") ?? throw new AssertFailedException("The button is not in a form.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input"))
        {
            var type = input.GetAttribute("type");
            if (type == "hidden" || (type == "radio" && input.HasAttribute("checked")))
            {
                fields.Add(new(input.GetAttribute("name")!, input.GetAttribute("value") ?? ""));
            }
        }
        if (button.GetAttribute("name") is { } name)
        {
            fields.Add(new(name, button.GetAttribute("value") ?? ""));
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Key == key);
            fields.Add(new(key, value));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, form.GetAttribute("action")) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (header, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }
        return await Client.SendAsync(request, cancellationToken);
    }

    public void Dispose() => Client.Dispose();
}
