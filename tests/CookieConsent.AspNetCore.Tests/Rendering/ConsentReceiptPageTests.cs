using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Rendering;

/// <summary>The shared receipt renderer (HTML and JSON) on its own: what it shows when parts of a notice are gone.</summary>
[TestClass]
public sealed class ConsentReceiptPageTests
{
    private const string Revision = "0123456789abcdef0123456789abcdef";
    private const string OldWording = "fedcba9876543210fedcba9876543210";

    private static ConsentReceipt Receipt(ConsentEvent @event = ConsentEvent.Given, string locale = "de") => new(
        "00112233445566778899aabbccddeeff", "shop", "AAAAAAAAAAAAAAAAAAAAAA", new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero), 1,
        new Dictionary<string, bool> { ["analytics"] = true, ["marketing"] = false }, ConsentSignals.None, ConsentSource.Banner,
        new DateTimeOffset(2026, 8, 28, 9, 30, 0, TimeSpan.Zero), null, null,
        Revision, locale, OldWording, ConsentControl.Save, @event, ConsentSurface.SdkBanner);

    private static Func<ConsentReceipt, ReceiptShown> Found(SiteDefinition definition, bool wording) => ReceiptShown.Lookup(
        new Dictionary<string, SiteDefinition> { [Revision] = definition },
        wording
            ? new Dictionary<string, IReadOnlyDictionary<string, ConsentStrings>> { [OldWording] = BuiltInStrings.Locales.ToDictionary(l => l, BuiltInStrings.For) }
            : new Dictionary<string, IReadOnlyDictionary<string, ConsentStrings>>());

    // As Markup.AssertScriptFree, except that the file carries one <style>: the shared stylesheet, byte for byte.
    private static void AssertScriptFree(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.IsEmpty(document.QuerySelectorAll("script"));
        Assert.IsFalse(document.QuerySelectorAll("*").SelectMany(e => e.Attributes)
            .Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name == "style"), "no handler or inline style attribute");
        Assert.AreEqual(ConsentStylesheet.Text, document.QuerySelectorAll("style").Single().TextContent);
    }

    [TestMethod]
    public void RecordWhoseWordingIsUnknown_SaysSo_AndShowsNoBannerWords_ButItsRevisionsTexts()
    {
        var site = TestSites.Site();

        var html = ConsentReceiptPage.Render(site, [Receipt()], Found(site, wording: false), "en");
        var document = Markup.Parse(html);

        var missing = document.QuerySelector(".cc-record__entry .cc-record__missing")!.TextContent;
        StringAssert.Contains(missing, OldWording);
        Assert.IsNull(document.QuerySelector(".cc-record__notice"), "no banner words that this wording may not have had");
        Assert.IsNotNull(document.QuerySelector(".cc-record__choices"), "the revision's own category texts are still known");
        Assert.DoesNotContain(BuiltInStrings.For("de").BannerTextOptIn, html);
        AssertScriptFree(html);
    }

    [TestMethod]
    public void JsonOfARecordWhoseWordingIsUnknown_NamesItMissing_AndLeavesTheNoticeEmpty()
    {
        var site = TestSites.Site();

        using var json = System.Text.Json.JsonDocument.Parse(ConsentReceiptDocument.Write("shop", site, [Receipt()], Found(site, wording: false)));

        var notice = json.RootElement.GetProperty("records")[0].GetProperty("notice");
        Assert.IsFalse(notice.GetProperty("reproduced").GetBoolean());
        Assert.AreEqual("wording", notice.GetProperty("missing")[0].GetString());
        Assert.AreEqual("", notice.GetProperty("title").GetString());
    }

    [TestMethod]
    public void TextsFromTheSiteDefinition_AreEncoded()
    {
        var site = TestSites.Site() with
        {
            DisplayName = "<script>alert(1)</script>",
            Categories = [.. TestSites.Site().Categories.Select(c => c with
            {
                Texts = new Dictionary<string, CategoryText> { ["de"] = new("<img src=x onerror=alert(1)>", "\"><script>x</script>") },
            })],
        };

        var html = ConsentReceiptPage.Render(site, [Receipt()], Found(site, wording: true), "de");

        AssertScriptFree(html);
        Assert.DoesNotContain("<img", html);
        StringAssert.Contains(Markup.Parse(html).QuerySelector(".cc-record__choices tbody th")!.TextContent, "<img src=x");
    }

    [TestMethod]
    public void AnErasedRecord_ShowsNoPurposes_AndSaysItKeepsNoPersonalData()
    {
        var site = TestSites.Site();

        var document = Markup.Parse(ConsentReceiptPage.Render(site, [Receipt(), Receipt(ConsentEvent.Erased)], Found(site, wording: true), "en"));

        var erased = document.QuerySelectorAll(".cc-record__entry")[1];
        Assert.IsNull(erased.QuerySelector(".cc-record__choices"));
        StringAssert.Contains(erased.TextContent, "keeps no personal data");
        Assert.IsNotNull(document.QuerySelectorAll(".cc-record__entry")[0].QuerySelector(".cc-record__choices"));
    }

    [TestMethod]
    public void AWordingStoredByAnOlderBuild_WithoutStringsAddedSince_StillReadsWithItsOwnWords()
    {
        var older = System.Text.Json.Nodes.JsonNode.Parse(Wording.Json.Span)!;
        foreach (var locale in BuiltInStrings.Locales)
        {
            older[locale]!.AsObject().Remove("receiptPageLink");
            older[locale]!.AsObject().Remove("serviceOptOut");
            older[locale]!.AsObject().Remove("hostedPageUnknown");
        }
        older["de"]!["bannerTitle"] = "Kekse auf {0}";

        var wording = Wording.Parse(System.Text.Encoding.UTF8.GetBytes(older.ToJsonString()));

        Assert.AreEqual("Kekse auf {0}", Wording.For(wording, "de").BannerTitle);
        Assert.AreEqual("", Wording.For(wording, "de").ReceiptPageLink, "a string that wording never had");
        Assert.IsNull(Wording.For(wording, "de").ServiceOptOut, "a group of strings that wording never had");
        Assert.AreEqual("", Wording.For(wording, "de").HostedPageUnknown, "the error page of bad hosted links came later");
    }

    [TestMethod]
    public void TheHostedLinkErrorStrings_AreAWordingVersionOfTheirOwn()
    {
        // The wording before them: the same strings without the two for bad hosted links.
        var before = System.Text.Json.Nodes.JsonNode.Parse(Wording.Json.Span)!;
        foreach (var locale in BuiltInStrings.Locales)
        {
            before[locale]!.AsObject().Remove("hostedPageUnknown");
            before[locale]!.AsObject().Remove("hostedPagesUnavailable");
        }
        var json = System.Text.Encoding.UTF8.GetBytes(before.ToJsonString());

        Assert.AreNotEqual(Wording.VersionOf(json), Wording.Version, "new strings, new version");
        foreach (var locale in BuiltInStrings.Locales)
        {
            var now = Wording.For(Wording.Parse(Wording.Json.Span), locale);
            Assert.AreEqual(BuiltInStrings.For(locale).HostedPageUnknown, now.HostedPageUnknown, locale);
            Assert.AreEqual(BuiltInStrings.For(locale).HostedPagesUnavailable, now.HostedPagesUnavailable, locale);
            Assert.AreEqual("", Wording.For(Wording.Parse(json), locale).HostedPageUnknown, "the older version does not have them");
        }
    }
}
