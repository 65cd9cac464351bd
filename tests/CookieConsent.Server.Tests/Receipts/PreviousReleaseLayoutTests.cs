using System.Net;
using System.Net.Http.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Tests.Infrastructure;

namespace CookieConsent.Server.Tests.Receipts;

/// <summary>
/// A visitor as the release before the one-round-trip write stored it, byte for byte: its one key (format 1, the
/// string table naming the categories) and the site day's digest with the visitors in a set. It reads, takes a new
/// choice, and is erased with every chain and day still verifying.
/// </summary>
[TestClass]
public sealed class PreviousReleaseLayoutTests
{
    public TestContext TestContext { get; set; } = null!;

    private TestApi? _api;

    private TestApi Api => _api ??= new(TestAssembly.Server.CreateClient(), TestContext);

    // Captured from that release's encoder for this site and visitor: a grant of analytics and marketing (accept-all,
    // German, 2026-12-02T00:00:00Z), then marketing refused five seconds later, chained to the first.
    private const string Site = "main-layout-fixture";
    private const string Visitor = "BBBBBBBBBBBBBBBBBBBBBA";
    private const string Record =
        "01dd802c146c41c31f71474c7028892eb70612616e616c7974696373126d61726b6574696e67017fc147e9acafa771f89112919accf0a40464650"
        + "1c60968e9edbbab4f6a4c0dc94f6829890e46697265666f780171a048050002290120891faa00000000000000000000000000000a6b0f5f80026b"
        + "fcad800200010302030404cb007105390141d31fbb00000000000000000000000000000b6b0f5f85026bfcad850200010102030404cb007105d3"
        + "0f404560b4949a44bba3896fe853bf";
    private const string FirstHash = "0w9ARWC0lJpEu6OJb-hTvw";
    private const string SecondHash = "3YAsFGxBwx9xR0xwKIkutw";
    private static readonly DateOnly Day = new(2026, 12, 2);

    private async Task<string> StoreAsync()
    {
        using (var created = await Api.PutSiteAsync(Site, TestSites.Default()))
        {
            Assert.IsTrue(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(TestContext.CancellationToken));
        }
        var key = (await Api.CreateKeyAsync(Site)).Key;
        var database = TestAssembly.Database;
        var keep = TimeSpan.FromDays(180 + 3 * 365);
        await database.StringSetAsync(Keys.Visitor(Site, Visitor), Convert.FromHexString(Record), keep);
        await PreviousReleaseDigest.AddAsync(database, Site, Day, Visitor, FirstHash, keep);
        await PreviousReleaseDigest.AddAsync(database, Site, Day, Visitor, SecondHash, keep);
        return key;
    }

    private async Task<SiteDayVerification> VerifyDayAsync(DateOnly day)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"/v1/sites/{Site}/receipts/verify?day={day:yyyy-MM-dd}",
            ConsentServerFactory.AdminKey);
        await TestApi.Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync(ConsentJsonContext.Default.SiteDayVerification, TestContext.CancellationToken))!;
    }

    // One test, in order: the fixture's site id is fixed (its hashes cover it), so it cannot be shared between tests.
    [TestMethod]
    public async Task AVisitorOfThePreviousRelease_Reads_TakesANewChoice_AndIsErased_WithEveryChainAndDayVerifying()
    {
        var key = await StoreAsync();

        var decisions = await Api.GetConsentAsync(Site, key, Visitor);
        Assert.AreEqual(new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal), decisions.Categories[2]);
        var export = await Api.ExportAsync(Site, key, Visitor);
        CollectionAssert.AreEqual(new[] { "aa00000000000000000000000000000a", "bb00000000000000000000000000000b" },
            export.Receipts.Select(r => r.Id).ToArray());
        Assert.AreEqual(ConsentControl.AcceptAll, export.Receipts[0].Control);
        Assert.AreEqual("de", export.Receipts[1].Locale);
        Assert.AreEqual("203.0.113.0/24", export.Receipts[1].IpPrefix);
        Assert.AreEqual(new ReceiptChainCheck(true, null, SecondHash), export.Chain);
        var day = await VerifyDayAsync(Day);
        Assert.IsTrue(day.Verified, string.Join(", ", day.Broken));
        Assert.AreEqual(2, day.Receipts);

        // A new choice: the day's set is still read beside the new index, a visitor in both counts once.
        await Api.RecordAsync(Site, key, Visitor, TestSites.Choices(("analytics", false), ("marketing", false)));
        export = await Api.ExportAsync(Site, key, Visitor);
        Assert.HasCount(3, export.Receipts);
        Assert.AreEqual(SecondHash, export.Receipts[2].Previous);
        Assert.IsTrue(export.Chain!.Verified);
        Assert.IsFalse((await Api.GetConsentAsync(Site, key, Visitor)).IsAllowed("analytics"));
        var today = DateOnly.FromDateTime(export.Receipts[2].Timestamp.UtcDateTime);
        foreach (var checkedDay in new[] { Day, today }.Distinct())
        {
            day = await VerifyDayAsync(checkedDay);
            Assert.IsTrue(day.Verified, $"{checkedDay}: {string.Join(", ", day.Broken)}");
        }

        await Api.EraseAsync(Site, key, Visitor);
        export = await Api.ExportAsync(Site, key, Visitor);
        Assert.AreEqual(ConsentEvent.Erased, export.Receipts.Single().Event);
        Assert.IsFalse((await Api.GetConsentAsync(Site, key, Visitor)).IsAllowed("marketing"), "the erasure kept the refusal");
        foreach (var checkedDay in new[] { Day, today }.Distinct())
        {
            day = await VerifyDayAsync(checkedDay);
            Assert.IsTrue(day.Verified, $"{checkedDay} after the erasure: {string.Join(", ", day.Broken)}");
        }
    }
}
