using CookieConsent.Client.Contracts;
using CookieConsent.Core.Consent;

namespace CookieConsent.Server.Tests.Receipts;

/// <summary>The compact encoding reads back every value a receipt or state can hold, not only the server's usual ones.</summary>
[TestClass]
public sealed class VisitorRecordCodecTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

    private static ConsentReceipt Receipt(string id, string? previous = null, string? ip = "203.0.113.0/24") => new(
        id, "shop", "Q2xhcmFBbmRKb2huMjAyNg", At, 7,
        new Dictionary<string, bool>(StringComparer.Ordinal) { ["analytics"] = true, ["marketing"] = false, ["ünïcode"] = true },
        new ConsentSignals(true, true), ConsentSource.Service, At.AddDays(180), ip, "Firefox",
        "9c1f3e0a5b7d42e18f6a0c2b4d9e7f13", "de-CH", "4e2a9c7b1d3f5e6a8b0c2d4e6f8a0b1c", ConsentControl.DoNotSell,
        ConsentEvent.Withdrawn, ConsentSurface.Service, previous);

    private static void AssertSame(ConsentReceipt expected, ConsentReceipt? actual)
    {
        Assert.IsNotNull(actual);
        CollectionAssert.AreEqual(expected.Choices.ToList(), actual.Choices.ToList());
        Assert.AreEqual(expected with { Choices = actual.Choices }, actual);
    }

    [TestMethod]
    [DataRow("5f0c9a7e2b4d4c1e8a3f6b2d9e7c1a04", "203.0.113.0/24", DisplayName = "hex id, IPv4 /24")]
    [DataRow("not-a-hex-id", "2001:db8:85a3::/48", DisplayName = "other id, IPv6 /48")]
    [DataRow("5F0C9A7E2B4D4C1E8A3F6B2D9E7C1A04", "10.1.2.3/32", DisplayName = "upper-case hex id, an unusual prefix")]
    [DataRow("5f0c9a7e2b4d4c1e8a3f6b2d9e7c1a04", null, DisplayName = "no IP prefix")]
    public void EveryReceiptField_ReadsBackAsWritten(string id, string? ip)
    {
        var first = Receipt(id, ip: ip);
        var (value, stored) = VisitorRecordCodec.Encode("shop", first.Visitor, [], [], first, state: null);
        var second = Receipt("00112233445566778899aabbccddeeff", previous: stored.Hash, ip: ip) with { Event = null, Control = null, Surface = null };
        var record = VisitorRecordCodec.Decode("shop", first.Visitor, value)!;
        var (value2, _) = VisitorRecordCodec.Encode("shop", first.Visitor, record.Strings, record.Receipts, second, state: null);

        var read = VisitorRecordCodec.Decode("shop", first.Visitor, value2)!;

        Assert.HasCount(2, read.Receipts);
        AssertSame(first, read.Receipts[0].Receipt);
        AssertSame(second, read.Receipts[1].Receipt);
        Assert.AreEqual(stored.Hash, read.Receipts[0].Hash, "re-reading gives the same hash");
        Assert.AreEqual(read.Receipts[1].Hash, read.Head);
        Assert.IsTrue(ReceiptChain.Verify(read.Receipts, read.Head).Verified);
        Assert.IsNull(read.State);
    }

    [TestMethod]
    public void AStateThatIsNotTheNewestReceipts_IsStoredInFull_AndOneThatIs_ByReference_WithOlderRefusalDates()
    {
        var receipt = Receipt("5f0c9a7e2b4d4c1e8a3f6b2d9e7c1a04");
        var older = new CategoryRefusal(At.AddDays(-30), ConsentSource.Signal);
        var derived = new ConsentState(receipt.Choices, receipt.PolicyVersion, receipt.Timestamp, receipt.ExpiresAt, receipt.Signals,
            receipt.Source, receipt.Id, new Dictionary<string, CategoryRefusal> { ["marketing"] = older });
        var full = derived with { ReceiptId = "another", PolicyVersion = -3, Signals = ConsentSignals.None };

        foreach (var state in new[] { derived, full })
        {
            var (value, _) = VisitorRecordCodec.Encode("shop", receipt.Visitor, [], [], receipt, new StoredState(state, At.AddDays(400)));

            var read = VisitorRecordCodec.Decode("shop", receipt.Visitor, value)!.State!;
            var fast = VisitorRecordCodec.DecodeState("shop", receipt.Visitor, value)!;

            foreach (var got in new[] { read, fast })
            {
                Assert.AreEqual(At.AddDays(400), got.LapsesAt);
                Assert.AreEqual(state.ReceiptId, got.State.ReceiptId);
                Assert.AreEqual(state.PolicyVersion, got.State.PolicyVersion);
                Assert.AreEqual(state.Signals, got.State.Signals);
                CollectionAssert.AreEqual(state.Choices.ToList(), got.State.Choices.ToList());
                Assert.AreEqual(older, got.State.RefusalOf("marketing"));
                Assert.IsNull(got.State.RefusalOf("analytics"));
            }
        }
    }

    [TestMethod]
    public void EveryTruncationOfARecord_ReadsAsNotARecord_OrAsAReceiptThatDoesNotRead()
    {
        var receipt = Receipt("5f0c9a7e2b4d4c1e8a3f6b2d9e7c1a04");
        var (value, _) = VisitorRecordCodec.Encode("shop", receipt.Visitor, [], [], receipt,
            new StoredState(new ConsentState(receipt.Choices, 7, At, At.AddDays(180), receipt.Signals, receipt.Source, receipt.Id), At.AddDays(1)));

        for (var length = 0; length < value.Length; length++)
        {
            var record = VisitorRecordCodec.Decode("shop", receipt.Visitor, value[..length]);
            Assert.IsTrue(record is null || record.Receipts.Any(r => r.Receipt is null), $"{length} bytes");
        }
        Assert.IsNotNull(VisitorRecordCodec.Decode("shop", receipt.Visitor, value));
    }
}
