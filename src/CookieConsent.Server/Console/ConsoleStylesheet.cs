using System.Security.Cryptography;
using System.Text;

namespace CookieConsent.Server.Console;

/// <summary>
/// The console's few additions to the visitor pages' stylesheet (which it loads first): a wider column, tables, form
/// fields, errors and the chart. Same colours, so the same contrast ratios (WCAG 2.2 AA); served like that stylesheet.
/// </summary>
internal static class ConsoleStylesheet
{
    /// <summary>The path under <see cref="ConsoleEndpoints.Root"/>.</summary>
    public const string Path = "/console.css";

    private const string Css = """
        .cx-console { --cx-error: #942514; --cx-success: #005a30; }
        .cx-skip { position: absolute; left: -999px; top: 0; padding: 0.5rem 1rem; background: #ffdd00; color: #0b0c0c; }
        .cx-skip:focus { left: 0; outline: 3px solid #0b0c0c; }
        .cx-header { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem 2rem; border-bottom: 4px solid var(--cc-accent);
          padding: 0.75rem max(1rem, calc((100% - 62rem) / 2)); }
        .cx-header__name { margin: 0; font-weight: 700; flex: 1 1 auto; }
        .cx-header__name a, .cx-header a { color: var(--cc-accent); }
        .cx-header__signout { margin: 0; }
        .cx-header .cc-button { min-height: 44px; }
        .cx-inline-list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; }
        .cx-tabs { padding: 0 max(1rem, calc((100% - 62rem) / 2)); border-bottom: 1px solid var(--cc-border); background: var(--cc-panel); }
        .cx-tabs__list { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0 0.25rem; }
        .cx-tabs__link { display: inline-block; padding: 0.75rem 0.75rem; min-height: 44px; color: var(--cc-accent); }
        .cx-tabs__link[aria-current="page"] { color: var(--cc-text); font-weight: 700; text-decoration: none;
          border-bottom: 4px solid var(--cc-accent); }
        .cx-main { max-width: 64rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        .cx-main:focus { outline: none; }
        .cx-main a { color: var(--cc-accent); }
        .cx-title { font-size: 1.75rem; line-height: 1.25; margin: 0 0 1rem; }
        .cx-title__caption { display: block; font-size: 1rem; font-weight: 400; color: var(--cc-muted); }
        .cx-subtitle { font-size: 1.375rem; margin: 2rem 0 0.75rem; }
        .cx-form { max-width: 48rem; }
        @media (min-width: 48rem) {
          .cx-text { display: grid; grid-template-columns: 1fr 2fr; gap: 0 1rem; }
          .cx-text .cx-textarea { min-height: 44px; }
        }
        .cx-form--narrow { max-width: 28rem; }
        .cx-fieldset { border: 1px solid var(--cc-border); margin: 0 0 1.5rem; padding: 1rem; }
        .cx-fieldset .cx-fieldset { border-color: #b1b4b6; }
        .cx-legend { font-weight: 700; font-size: 1.125rem; padding: 0 0.25rem; }
        .cx-legend--small { font-size: 1rem; }
        .cx-field { margin: 0 0 1rem; }
        .cx-field--error { border-left: 4px solid var(--cx-error); padding-left: 0.75rem; }
        .cx-label { display: block; font-weight: 700; margin-bottom: 0.25rem; }
        .cx-hint { margin: 0 0 0.25rem; color: var(--cc-muted); }
        .cx-input { display: block; width: 100%; min-height: 44px; padding: 0.5rem; font: inherit; color: var(--cc-text);
          border: 2px solid var(--cc-text); border-radius: 0; background: #ffffff; }
        .cx-textarea { min-height: 4.5rem; }
        .cx-input:focus, .cx-check__input:focus, .cx-tabs__link:focus, .cx-main a:focus, .cx-header a:focus {
          outline: 3px solid var(--cc-focus-halo); outline-offset: 0; box-shadow: 0 0 0 5px var(--cc-focus); }
        .cx-input[readonly] { background: var(--cc-panel); font-family: ui-monospace, monospace; }
        .cx-check { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem; }
        .cx-check__input { width: 1.5rem; height: 1.5rem; margin: 0; accent-color: var(--cc-accent); }
        .cx-check__label { flex: 1 1 20rem; min-height: 44px; display: flex; align-items: center; }
        .cx-check .cx-hint, .cx-check .cx-error { flex-basis: 100%; margin-left: 2.25rem; }
        .cx-error { margin: 0 0 0.25rem; color: var(--cx-error); font-weight: 700; }
        .cx-error__line { display: block; }
        .cx-error-page { font-size: 1.125rem; }
        .cx-summary { border: 4px solid var(--cx-error); padding: 1rem; margin: 0 0 1.5rem; }
        .cx-summary__title { margin: 0 0 0.5rem; font-size: 1.25rem; }
        .cx-summary__list { margin: 0; padding-left: 1.25rem; }
        .cx-summary__list a { color: var(--cx-error); font-weight: 700; }
        .cx-success { border-left: 8px solid var(--cx-success); padding: 0.5rem 1rem; background: var(--cc-panel); }
        .cx-warning { border-left: 8px solid var(--cx-error); padding: 0.5rem 1rem; background: var(--cc-panel); font-weight: 700; }
        .cx-new-key { border: 4px solid var(--cx-success); padding: 1rem; margin: 0 0 1.5rem; }
        .cx-new-key .cx-subtitle { margin-top: 0; }
        .cx-button--warning { background: var(--cx-error); border-color: var(--cx-error); }
        .cx-link-button { display: inline-flex; align-items: center; min-height: 44px; padding: 0 1rem; }
        .cx-inline-form { margin: 0; }
        .cx-table { border-collapse: collapse; width: 100%; margin: 0 0 1.5rem; }
        .cx-table th, .cx-table td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem 0.5rem 0; border-bottom: 1px solid #b1b4b6; }
        .cx-table thead th { border-bottom: 2px solid var(--cc-text); }
        .cx-table--numbers td { font-variant-numeric: tabular-nums; }
        .cx-choices { margin: 0 0 1rem; }
        .cx-choice { display: inline-flex; align-items: center; min-height: 44px; }
        .cx-choice[aria-current="page"] { font-weight: 700; color: var(--cc-text); }
        .cx-preview { border: 2px dashed var(--cc-border); padding: 1rem; margin: 0 0 1.5rem; }
        .cx-chart { width: 100%; height: auto; max-width: 40rem; display: block; margin: 0 0 0.5rem; }
        .cx-chart__grid { stroke: #b1b4b6; stroke-width: 1; }
        .cx-chart__bar { fill: var(--cc-accent); }
        .cx-chart__label { fill: var(--cc-text); font-size: 12px; }
        .cx-details { margin: 0 0 1.5rem; }
        .cx-details summary { cursor: pointer; color: var(--cc-accent); min-height: 44px; display: list-item; padding: 0.5rem 0; }
        .cx-actions-list { margin: 1rem 0; }
        .cx-visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
          clip: rect(0 0 0 0); border: 0; white-space: nowrap; }
        code { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
        """;

    private static readonly byte[] Content = Encoding.UTF8.GetBytes(Css);
    private static readonly string ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Content))[..16] + "\"";

    public static IResult Serve(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ETag = ETag;
        headers.CacheControl = "public, max-age=3600";
        if (http.Request.Headers.IfNoneMatch == ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(Content, "text/css; charset=utf-8");
    }
}
