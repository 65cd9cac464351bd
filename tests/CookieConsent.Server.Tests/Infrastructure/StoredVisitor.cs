using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using StackExchange.Redis;

namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>A visitor's one Redis key as stored, read and rewritten behind the server's back.</summary>
internal static class StoredVisitor
{
    /// <summary>The visitor's record as it is in Redis now (fails when the visitor has no key of the new layout).</summary>
    public static async Task<VisitorRecord> ReadAsync(string site, string visitor)
    {
        var value = await TestAssembly.Database.StringGetAsync(Keys.Visitor(site, visitor));
        Assert.IsFalse(value.IsNull, $"{Keys.Visitor(site, visitor)} exists");
        return VisitorRecords.FromValue(site, visitor, (byte[])value!, await SiteStringsAsync(site));
    }

    /// <summary>The site's shared strings as stored now (see <see cref="SiteStrings"/>).</summary>
    public static Task<SiteStringTable?> SiteStringsAsync(string site) =>
        SiteStrings.ReadAsync(TestAssembly.Database, site, CancellationToken.None);

    /// <summary>How many receipts the visitor's key holds.</summary>
    public static async Task<int> ReceiptCountAsync(string site, string visitor) => (await ReadAsync(site, visitor)).Receipts.Count;

    /// <summary>The receipts as stored, oldest first (each must still read).</summary>
    public static async Task<IReadOnlyList<ConsentReceipt>> ReceiptsAsync(string site, string visitor) =>
        (await ReadAsync(site, visitor)).Receipts.Select(r => r.Receipt!).ToList();

    /// <summary>Rewrites the receipts of the visitor's key (head, table and state untouched), keeping its expiry.</summary>
    public static async Task RewriteReceiptsAsync(
        string site, string visitor, Func<IReadOnlyList<StoredReceipt>, VisitorRecord, IEnumerable<ReadOnlyMemory<byte>>> rewrite)
    {
        var key = Keys.Visitor(site, visitor);
        var value = (byte[])(await TestAssembly.Database.StringGetAsync(key))!;
        var siteStrings = await SiteStringsAsync(site);
        var record = VisitorRecords.FromValue(site, visitor, value, siteStrings);
        var forged = VisitorRecordCodec.WithReceipts(value, rewrite(record.Receipts, record), siteStrings);
        Assert.IsTrue(await TestAssembly.Database.StringSetAsync(key, forged, null, keepTtl: true, When.Exists));
    }

    /// <summary>Replaces receipt <paramref name="index"/> by an edited copy, encoded as the server would (the chain is not redone).</summary>
    public static Task EditReceiptAsync(string site, string visitor, int index, Func<ConsentReceipt, ConsentReceipt> edit) =>
        RewriteReceiptsAsync(site, visitor, (receipts, record) => receipts.Select((r, i) =>
            i == index ? VisitorRecordCodec.EncodeReceipt(record.Strings, edit(r.Receipt!)) : r.Bytes));

    /// <summary>The receipt's choices with every refusal turned into a grant, or (with none) every grant into a refusal.</summary>
    public static ConsentReceipt Flipped(ConsentReceipt receipt)
    {
        var refusals = receipt.Choices.Any(c => !c.Value);
        return receipt with
        {
            Choices = receipt.Choices.ToDictionary(c => c.Key, c => refusals ? true : false, StringComparer.Ordinal),
        };
    }
}
