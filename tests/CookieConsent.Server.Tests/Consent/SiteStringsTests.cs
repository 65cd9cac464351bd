using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Tests.Consent;

/// <summary>
/// The strings a site's visitors share live once in the site's list and records name them by index: smaller records,
/// the same receipts and chains, older records still read, and a list that is lost or edited never reads as other words.
/// </summary>
[TestClass]
public sealed class SiteStringsTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly SiteDefinition Definition = TestSites.Default();

    private static ConsentStore NewStore() =>
        new(TestAssembly.Database.Multiplexer, Options.Create(new RedisStoreOptions()), TimeProvider.System);

    private static PreparedConsent Choice(ConsentStore store, string site, string visitor, bool analytics) =>
        store.Prepare(site, visitor, Definition,
            new RecordConsentRequest(TestSites.Choices(("analytics", analytics), ("marketing", false))) { Shown = new ConsentShown(Locale: "de") },
            ConsentSignals.None, SiteRevisions.Hash(Definition));

    private static async Task<byte[]> ValueAsync(string site, string visitor) =>
        (byte[])(await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor)))!;

    [TestMethod]
    public async Task AWrite_KeepsTheSharedStringsInTheSitesList_AndTheRecordNamesThem_SmallerThanWithItsOwnTable()
    {
        var store = NewStore();
        var site = TestSites.UniqueId(TestContext);
        var visitor = ConsentIds.NewVisitorId();

        var stored = await store.WriteAsync(Choice(store, site, visitor, analytics: true), TestContext.CancellationToken);

        var list = (await TestAssembly.Database.ListRangeAsync(Keys.SiteStrings(site))).Select(e => (string)e!).ToList();
        CollectionAssert.IsSubsetOf(new[] { "analytics", "marketing", "de", stored.Revision! }, list);
        var value = await ValueAsync(site, visitor);
        Assert.AreEqual(VisitorRecordCodec.SiteFormat, value[0]);
        var record = await StoredVisitor.ReadAsync(site, visitor);
        var ownTable = VisitorRecordCodec.Encode(site, visitor, [], [], stored, record.State).Value;
        Assert.IsLessThan(ownTable.Length - 20, value.Length, $"{value.Length} B naming the site's strings, {ownTable.Length} B with its own");
        var (receipts, chain) = await NewStore().ReceiptsWithChainAsync(site, visitor, TestContext.CancellationToken);
        Assert.IsTrue(chain.Verified);
        Assert.AreEqual(VisitorRecordCodec.HashOf(stored), VisitorRecordCodec.HashOf(receipts.Single()), "the receipt reads back as written");
    }

    [TestMethod]
    public async Task ARecordWithItsOwnTable_StillReads_AndItsNextWriteNamesTheSitesStrings_InOneVerifiedChain()
    {
        var store = NewStore();
        var site = TestSites.UniqueId(TestContext);
        var visitor = ConsentIds.NewVisitorId();
        // A record as stored before site lists: format 1, every string in its own table.
        var first = Choice(store, site, visitor, analytics: false);
        var receipt = first.Receipt with { Previous = null };
        var (value, _) = VisitorRecordCodec.Encode(site, visitor, [], [], receipt,
            new StoredState(first.State, receipt.Timestamp + TimeSpan.FromDays(400)));
        Assert.AreEqual(VisitorRecordCodec.Format, value[0]);
        await TestAssembly.Database.StringSetAsync(Keys.Visitor(site, visitor), value, TimeSpan.FromDays(1));

        var before = await store.GetAsync(site, visitor, TestContext.CancellationToken);
        Assert.IsFalse(before!.Choices["analytics"], "the older record reads");
        await store.WriteAsync(Choice(store, site, visitor, analytics: true), TestContext.CancellationToken);

        Assert.AreEqual(VisitorRecordCodec.SiteFormat, (await ValueAsync(site, visitor))[0]);
        var (receipts, chain) = await NewStore().ReceiptsWithChainAsync(site, visitor, TestContext.CancellationToken);
        Assert.HasCount(2, receipts);
        Assert.IsTrue(chain.Verified, "the older receipt's bytes are kept, and the new one links to it");
        Assert.AreEqual(VisitorRecordCodec.HashOf(receipt), VisitorRecordCodec.HashOf(receipts[0]));
    }

    [TestMethod]
    public async Task ALostSiteList_MakesItsRecordsUnavailable_NotOtherWords_AndAWriteChangesNothing()
    {
        var store = NewStore();
        var site = TestSites.UniqueId(TestContext);
        var visitor = ConsentIds.NewVisitorId();
        await store.WriteAsync(Choice(store, site, visitor, analytics: false), TestContext.CancellationToken);
        var value = await ValueAsync(site, visitor);

        // The list is lost and started again by another visitor's write, with other strings at the same places.
        await TestAssembly.Database.KeyDeleteAsync(Keys.SiteStrings(site));
        var other = NewStore();
        await other.WriteAsync(other.Prepare(site, ConsentIds.NewVisitorId(), Definition,
            new RecordConsentRequest(TestSites.Choices(("marketing", true), ("analytics", true))) { Shown = new ConsentShown(Locale: "fr") },
            ConsentSignals.None, SiteRevisions.Hash(Definition)), TestContext.CancellationToken);

        var fresh = NewStore();
        await Assert.ThrowsExactlyAsync<StoreUnavailableException>(() => fresh.GetAsync(site, visitor, TestContext.CancellationToken));
        await Assert.ThrowsExactlyAsync<StoreUnavailableException>(
            () => fresh.WriteAsync(Choice(fresh, site, visitor, analytics: true), TestContext.CancellationToken));
        CollectionAssert.AreEqual(value, await ValueAsync(site, visitor), "the refusal's record is left as it was");
    }

    [TestMethod]
    public async Task AnEditedSiteString_BreaksTheChainOfTheReceiptsNamingIt()
    {
        var store = NewStore();
        var site = TestSites.UniqueId(TestContext);
        var visitor = ConsentIds.NewVisitorId();
        await store.WriteAsync(Choice(store, site, visitor, analytics: false), TestContext.CancellationToken);
        var list = (await TestAssembly.Database.ListRangeAsync(Keys.SiteStrings(site))).Select(e => (string)e!).ToList();

        // The receipt's refused "analytics" now reads as a refused "functional": its words changed behind the server.
        await TestAssembly.Database.ListSetByIndexAsync(Keys.SiteStrings(site), list.IndexOf("analytics"), "functional");

        var (receipts, chain) = await NewStore().ReceiptsWithChainAsync(site, visitor, TestContext.CancellationToken);
        Assert.IsFalse(receipts.Single().Choices["functional"], "an instance that reads the list now sees the edit");
        Assert.IsFalse(chain.Verified, "and the chain shows it");
    }
}
