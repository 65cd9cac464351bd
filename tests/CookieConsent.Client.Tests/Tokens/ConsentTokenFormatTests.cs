using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Tokens;

namespace CookieConsent.Client.Tests.Tokens;

[TestClass]
public sealed class ConsentTokenFormatTests
{
    private const string Visitor16 = "AAECAwQFBgcICQoLDA0ODw";
    private const string Visitor32 = "yMnKy8zNzs_Q0dLT1NXW19jZ2tvc3d7f4OHi4-Tl5uc";
    private const string Site64 = "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-012345678";

    private static readonly DateTimeOffset Issued = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow("shop", Visitor16, 0, false, false)]
    [DataRow("shop", Visitor16, 7, true, false)]
    [DataRow("s", Visitor32, int.MaxValue, false, true)]
    [DataRow(Site64, Visitor32, 1, true, true)]
    public void WriteThenRead_ReturnsEveryField(string site, string visitor, int policy, bool dnt, bool gpc)
    {
        var payload = new ConsentTokenPayload(site, visitor,
            [new("analytics", true), new("marketing", false), new("ads", false, Issued.AddDays(-3), RefusedBySignal: true), new("x", false, Issued.AddDays(-1))],
            policy, Issued, Issued.AddDays(180), new ConsentSignals(dnt, gpc));

        var ok = ConsentTokenFormat.TryRead(ConsentTokenFormat.Write(payload), out var read);

        Assert.IsTrue(ok);
        Assert.AreEqual(payload, read);
        Assert.IsNull(read!.Legacy);
    }

    [TestMethod]
    public void Write_ProducesTheDocumentedLayout()
    {
        var payload = new ConsentTokenPayload("shop", Visitor16,
            [new("ab", true), new("cd", false, Issued.AddSeconds(-5), RefusedBySignal: true)], 9,
            Issued, Issued.AddDays(1), new ConsentSignals(true, true));

        var bytes = ConsentTokenFormat.Write(payload);

        var expected = new List<byte> { 2, 4 };
        expected.AddRange("shop"u8.ToArray());
        expected.Add(16);
        expected.AddRange(Base64Url.DecodeFromChars(Visitor16));
        expected.AddRange(BigEndian(9));
        expected.AddRange(BigEndian((uint)Issued.ToUnixTimeSeconds()));
        expected.AddRange(BigEndian((uint)Issued.AddDays(1).ToUnixTimeSeconds()));
        expected.Add(3);
        expected.Add(2);
        expected.AddRange([2, (byte)'a', (byte)'b', 1]);
        expected.AddRange([2, (byte)'c', (byte)'d', 2 | 4]);
        expected.AddRange(BigEndian((uint)Issued.AddSeconds(-5).ToUnixTimeSeconds()));
        CollectionAssert.AreEqual(expected.ToArray(), bytes);
    }

    [TestMethod]
    public void SixtyFourCategories_SurviveFromWriteReadToState()
    {
        var site = SiteWith(Enumerable.Range(0, 64).Select(i => $"c{i}").ToArray(), requiredFirst: false);
        // Every third category allowed, plus the last one.
        var choices = site.Categories.Select((c, i) => (c.Id, Allowed: i % 3 == 0 || i == 63)).ToDictionary(x => x.Id, x => x.Allowed);
        var state = StateFor(choices) with { Signals = new(true, true), PolicyVersion = 12 };

        var payload = ConsentTokenPayload.From("shop", Visitor16, site, state);
        Assert.IsTrue(ConsentTokenFormat.TryRead(ConsentTokenFormat.Write(payload), out var read));
        var back = read!.ToState(site);

        Assert.AreEqual(payload, read);
        Assert.IsNotNull(back);
        CollectionAssert.AreEquivalent(choices.ToArray(), back.Choices.ToArray());
        Assert.AreEqual(12, back.PolicyVersion);
        Assert.AreEqual(state.GivenAt, back.GivenAt);
        Assert.AreEqual(state.ExpiresAt, back.ExpiresAt);
        Assert.AreEqual(new ConsentSignals(true, true), back.Signals);
    }

    [TestMethod]
    public void SixtyFiveChoices_AreRejected()
    {
        var payload = SamplePayload() with { Choices = Enumerable.Range(0, 65).Select(i => new TokenChoice($"c{i}", true)).ToArray() };

        Assert.ThrowsExactly<ArgumentException>(() => ConsentTokenFormat.Write(payload));
    }

    [TestMethod]
    public void RefusalTimes_AndTheRecordedSignal_SurviveToTheState()
    {
        var site = SiteWith(["necessary", "analytics", "ads", "marketing"], requiredFirst: true);
        var state = StateFor(new() { ["analytics"] = false, ["ads"] = false, ["marketing"] = true }) with
        {
            Refusals = new Dictionary<string, CategoryRefusal> { ["ads"] = new(Issued.AddDays(-40), ConsentSource.Signal) },
        };

        Assert.IsTrue(ConsentTokenFormat.TryRead(ConsentTokenFormat.Write(ConsentTokenPayload.From("shop", Visitor16, site, state)), out var read));
        var back = read!.ToState(site)!;

        Assert.AreEqual(new CategoryRefusal(Issued.AddDays(-40), ConsentSource.Signal), back.RefusalOf("ads"));
        Assert.AreEqual(Issued, back.RefusalOf("analytics")!.Since);
        Assert.AreNotEqual(ConsentSource.Signal, back.RefusalOf("analytics")!.Source);
        Assert.IsNull(back.RefusalOf("marketing"));
    }

    [TestMethod]
    public void From_WithMoreThan64Categories_Throws()
    {
        var site = SiteWith(Enumerable.Range(0, 65).Select(i => $"c{i}").ToArray(), requiredFirst: false);

        Assert.ThrowsExactly<ArgumentException>(() => ConsentTokenPayload.From("shop", Visitor16, site, StateFor([])));
    }

    [TestMethod]
    public void EveryTruncation_IsRejected()
    {
        var bytes = ConsentTokenFormat.Write(SamplePayload());

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.IsFalse(ConsentTokenFormat.TryRead(bytes.AsSpan(0, length), out var read), $"length {length}");
            Assert.IsNull(read);
        }
    }

    [TestMethod]
    [DataRow((byte)0)]
    [DataRow((byte)1)]
    [DataRow((byte)0xFF)]
    public void TrailingByte_IsRejected(byte extra)
    {
        var bytes = ConsentTokenFormat.Write(SamplePayload());

        Assert.IsFalse(ConsentTokenFormat.TryRead([.. bytes, extra], out var read));
        Assert.IsNull(read);
        Assert.IsFalse(ConsentTokenFormat.TryRead([.. bytes, extra, extra], out _));
    }

    [TestMethod]
    [DataRow((byte)0)]
    [DataRow((byte)3)]
    [DataRow((byte)0x81)]
    [DataRow((byte)0xFF)]
    public void WrongVersionByte_IsRejected(byte version)
    {
        var bytes = ConsentTokenFormat.Write(SamplePayload());
        Assert.AreEqual(ConsentTokenFormat.Version, bytes[0]);
        bytes[0] = version;

        Assert.IsFalse(ConsentTokenFormat.TryRead(bytes, out var read));
        Assert.IsNull(read);
    }

    [TestMethod]
    public void UnknownSignalFlagBits_AreRejected()
    {
        var bytes = ConsentTokenFormat.Write(SamplePayload());
        var signalsAt = 1 + 1 + "shop-example".Length + 1 + 16 + 4 + 4 + 4;
        for (var flags = 0; flags <= 0xFF; flags++)
        {
            bytes[signalsAt] = (byte)flags;
            var ok = ConsentTokenFormat.TryRead(bytes, out var read);

            // Only DNT (1) and GPC (2) are defined.
            Assert.AreEqual(flags <= 3, ok, $"flags {flags}");
            if (ok)
            {
                Assert.AreEqual(new ConsentSignals((flags & 1) != 0, (flags & 2) != 0), read!.Signals);
            }
        }
    }

    [TestMethod]
    public void ChoiceFlags_OtherThanTheDefinedCombinations_AreRejected()
    {
        // The sample's last choice is "ads", refused, without a time of its own: its flags are the last byte.
        var bytes = ConsentTokenFormat.Write(SamplePayload());
        for (var flags = 0; flags <= 0xFF; flags++)
        {
            bytes[^1] = (byte)flags;

            // 0 refused, 1 allowed, 2 refused by a recorded signal, 8 refused by the service's opt-out; 4 (a time
            // follows) makes the bytes too short here.
            Assert.AreEqual(flags is 0 or 1 or 2 or 8, ConsentTokenFormat.TryRead(bytes, out _), $"flags {flags}");
        }
    }

    [TestMethod]
    public void ServiceRefusal_RoundTrips_AndReadsAsSourceService()
    {
        var payload = SamplePayload() with { Choices = [new("ads", false, RefusedByService: true)] };

        Assert.IsTrue(ConsentTokenFormat.TryRead(ConsentTokenFormat.Write(payload), out var read));

        Assert.AreEqual(payload, read);
        Assert.IsTrue(read!.Choices[0].RefusedByService);
        Assert.IsFalse(read.Choices[0].RefusedBySignal);
    }

    [TestMethod]
    [DataRow("Ads")]
    [DataRow("")]
    [DataRow("ads\n")]
    public void MalformedOrDuplicateCategoryIds_AreRejectedOnWrite(string id)
    {
        var payload = SamplePayload() with { Choices = [new(id.Replace("\\n", "\n", StringComparison.Ordinal), true)] };

        Assert.ThrowsExactly<ArgumentException>(() => ConsentTokenFormat.Write(payload));
        Assert.ThrowsExactly<ArgumentException>(() => ConsentTokenFormat.Write(SamplePayload() with { Choices = [new("a", true), new("a", false)] }));
    }

    [TestMethod]
    public void HandBuiltLayout_IsReadAsWritten()
    {
        // Guards the layout helper the rejection tests below rely on.
        var bytes = Layout();

        Assert.IsTrue(ConsentTokenFormat.TryRead(bytes, out var read));
        Assert.AreEqual("shop", read!.Site);
        Assert.AreEqual(Visitor16, read.Visitor);
    }

    public static IEnumerable<object[]> MalformedLayouts()
    {
        yield return ["empty site", Layout(siteBytes: [])];
        yield return ["uppercase site", Layout(siteBytes: "Shop"u8.ToArray())];
        yield return ["site with newline", Layout(siteBytes: "shop\n"u8.ToArray())];
        yield return ["non-ASCII site", Layout(siteBytes: [(byte)'s', 0xC3, 0x9F])];
        yield return ["65-character site", Layout(siteBytes: Encoding.ASCII.GetBytes(Site64 + "9"))];
        yield return ["empty visitor", Layout(visitor: [])];
        yield return ["15-byte visitor", Layout(visitor: new byte[15])];
        yield return ["33-byte visitor", Layout(visitor: new byte[33])];
        yield return ["negative policy version", Layout(policy: -1)];
        yield return ["minimum policy version", Layout(policy: int.MinValue)];
        yield return ["expiry before issue", Layout(issued: 2_000_000_000, expires: 1_999_999_999)];
        yield return ["site length pointing past the end", Layout(siteLengthOverride: 200)];
        yield return ["site length one short", Layout(siteLengthOverride: 3)];
        yield return ["site length one long", Layout(siteLengthOverride: 5)];
    }

    [TestMethod]
    [DynamicData(nameof(MalformedLayouts))]
    public void MalformedField_IsRejected(string what, byte[] bytes)
    {
        Assert.IsFalse(ConsentTokenFormat.TryRead(bytes, out var read), what);
        Assert.IsNull(read);
    }

    [TestMethod]
    [DataRow("Shop", Visitor16)]
    [DataRow("", Visitor16)]
    [DataRow("shop", "AAECAwQFBgcICQoLDA0ODx")]
    [DataRow("shop", "short")]
    public void Write_RejectsMalformedIds(string site, string visitor)
    {
        var payload = SamplePayload() with { Site = site, Visitor = visitor };

        Assert.ThrowsExactly<ArgumentException>(() => ConsentTokenFormat.Write(payload));
    }

    [TestMethod]
    public void From_KeepsOneChoicePerOptionalCategoryByIdAndNeverStoresRequiredOnes()
    {
        var site = SiteWith(["necessary", "analytics", "ads", "marketing", "social"], requiredFirst: true);
        // necessary "refused" (not possible: never stored), analytics no, ads yes, marketing yes, social absent.
        var state = StateFor(new() { ["necessary"] = false, ["analytics"] = false, ["ads"] = true, ["marketing"] = true })
            with { PolicyVersion = 4, Signals = new(false, true) };

        var payload = ConsentTokenPayload.From("shop", Visitor16, site, state);

        CollectionAssert.AreEqual(
            new TokenChoice[] { new("analytics", false), new("ads", true), new("marketing", true) }, payload.Choices.ToArray());
        Assert.AreEqual("shop", payload.Site);
        Assert.AreEqual(Visitor16, payload.Visitor);
        Assert.AreEqual(4, payload.PolicyVersion);
        Assert.AreEqual(state.GivenAt, payload.IssuedAt);
        Assert.AreEqual(state.ExpiresAt, payload.ExpiresAt);
        Assert.AreEqual(new ConsentSignals(false, true), payload.Signals);
    }

    [TestMethod]
    public void ToState_WithTheSameCategories_ReturnsTheChoiceOfEveryOptionalCategory()
    {
        var site = SiteWith(["necessary", "analytics", "ads"], requiredFirst: true);
        var state = StateFor(new() { ["analytics"] = false, ["ads"] = true }) with { Signals = new(true, false), PolicyVersion = 3 };
        var payload = ConsentTokenPayload.From("shop", Visitor16, site, state);

        var back = payload.ToState(site);

        Assert.IsNotNull(back);
        CollectionAssert.AreEquivalent(new Dictionary<string, bool> { ["analytics"] = false, ["ads"] = true }.ToArray(), back.Choices.ToArray());
        Assert.AreEqual(3, back.PolicyVersion);
        Assert.AreEqual(state.GivenAt, back.GivenAt);
        Assert.AreEqual(state.ExpiresAt, back.ExpiresAt);
        Assert.AreEqual(new ConsentSignals(true, false), back.Signals);
    }

    [TestMethod]
    [DataRow("added", new[] { "necessary", "analytics", "ads", "social" }, new[] { "analytics:False", "ads:True" })]
    [DataRow("added first", new[] { "social", "necessary", "analytics", "ads" }, new[] { "analytics:False", "ads:True" })]
    [DataRow("removed", new[] { "necessary", "analytics" }, new[] { "analytics:False" })]
    [DataRow("reordered", new[] { "necessary", "ads", "analytics" }, new[] { "ads:True", "analytics:False" })]
    [DataRow("renamed", new[] { "necessary", "analytics", "adverts" }, new[] { "analytics:False" })]
    [DataRow("none", new string[0], new string[0])]
    public void ToState_AfterTheCategoryListChanged_KeepsEveryChoiceTheSiteStillHas(string change, string[] newIds, string[] expected)
    {
        var site = SiteWith(["necessary", "analytics", "ads"], requiredFirst: true);
        var payload = ConsentTokenPayload.From("shop", Visitor16, site, StateFor(new() { ["analytics"] = false, ["ads"] = true }));
        Assert.IsTrue(ConsentTokenFormat.TryRead(ConsentTokenFormat.Write(payload), out var read));

        var back = read!.ToState(SiteWith(newIds, requiredFirst: newIds.FirstOrDefault() == "necessary"));

        Assert.IsNotNull(back, change);
        CollectionAssert.AreEquivalent(expected, back.Choices.Select(c => $"{c.Key}:{c.Value}").ToArray(), change);
    }

    [TestMethod]
    public void ToState_WhenOnlyTextsOrFlagsChanged_StillReads()
    {
        var site = SiteWith(["necessary", "analytics", "ads"], requiredFirst: true);
        var payload = ConsentTokenPayload.From("shop", Visitor16, site, StateFor(new() { ["analytics"] = true, ["ads"] = false }));
        var retexted = site with
        {
            Categories = site.Categories.Select(c => c with { Texts = new Dictionary<string, CategoryText> { ["de"] = new("x", "y") } }).ToArray(),
        };

        var back = payload.ToState(retexted);

        Assert.IsNotNull(back);
        Assert.IsTrue(back.Choices["analytics"]);
        Assert.IsFalse(back.Choices["ads"]);
    }

    [TestMethod]
    public void VersionOneCookie_WithTheSameCategories_IsStillReadByOrder()
    {
        var site = SiteWith(["necessary", "analytics", "ads"], requiredFirst: true);
        var bytes = Layout(fingerprint: LegacyChoices.Fingerprint(site), bits: 0b101);

        Assert.IsTrue(ConsentTokenFormat.TryRead(bytes, out var read));
        var back = read!.ToState(site);

        Assert.IsNotNull(back);
        CollectionAssert.AreEquivalent(new Dictionary<string, bool> { ["analytics"] = false, ["ads"] = true }.ToArray(), back.Choices.ToArray());
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), back.RefusalOf("analytics")!.Since);
    }

    [TestMethod]
    [DataRow("added", new[] { "necessary", "analytics", "ads", "social" })]
    [DataRow("removed", new[] { "necessary", "analytics" })]
    [DataRow("reordered", new[] { "necessary", "ads", "analytics" })]
    [DataRow("renamed", new[] { "necessary", "analytics", "adverts" })]
    [DataRow("split id", new[] { "necessary", "analytics", "a", "ds" })]
    public void VersionOneCookie_AfterTheCategoryListChanged_EstablishesNothing(string change, string[] newIds)
    {
        // Its bits cannot be matched to categories any more: a refusal among them must not become "no consent"
        // (allowed on an opt-out site), so the state is unknown and callers deny.
        var site = SiteWith(["necessary", "analytics", "ads"], requiredFirst: true);
        var bytes = Layout(fingerprint: LegacyChoices.Fingerprint(site), bits: 0b001);

        Assert.IsTrue(ConsentTokenFormat.TryRead(bytes, out var read));

        Assert.IsNull(read!.ToState(SiteWith(newIds, requiredFirst: true)), change);
    }

    [TestMethod]
    public void TypicalSite_ChoicesWithRefusalTimes_StayFarBelow256BytesBeforeProtection()
    {
        // Protection (DataProtection: magic, key id, IV, padding, MAC) and base64url are measured with the real
        // protector in ConsentTokenProtectorTests; the payload must leave room for them.
        var site = SiteWith(["necessary", "analytics", "marketing", "preferences"], requiredFirst: true);
        var state = StateFor(new() { ["analytics"] = false, ["marketing"] = false, ["preferences"] = true }) with
        {
            Refusals = new Dictionary<string, CategoryRefusal>
            {
                ["analytics"] = new(Issued.AddDays(-200), ConsentSource.Banner),
                ["marketing"] = new(Issued.AddDays(-20), ConsentSource.Signal),
            },
        };

        var bytes = ConsentTokenFormat.Write(ConsentTokenPayload.From("sample-shop", Visitor16, site, state));

        // Up to 95 bytes protect into 240 base64url characters; 96 would take a 16-byte block more (262).
        Assert.IsLessThanOrEqualTo(95, bytes.Length, $"{bytes.Length} bytes");
    }

    private static ConsentTokenPayload SamplePayload() => new("shop-example", Visitor16,
        [new("analytics", true), new("ads", false)], 3, Issued, Issued.AddDays(180), new ConsentSignals(true, false));

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static SiteDefinition SiteWith(string[] ids, bool requiredFirst) => new(
        "Shop",
        ids.Select((id, i) => new CategoryDefinition(id, requiredFirst && i == 0, false,
            new Dictionary<string, CategoryText> { ["en"] = new(id, id) }, [])).ToArray(),
        [new PolicyVersion(1, Issued.AddDays(-10), ids)],
        []);

    private static ConsentState StateFor(Dictionary<string, bool> choices) =>
        new(choices, 1, Issued, Issued.AddDays(180), ConsentSignals.None, ConsentSource.Banner, "r-1");

    // The version 1 layout as ConsentTokenFormat documents it, built by hand (cookies of that version are in the wild).
    private static byte[] Layout(
        byte version = 1, byte[]? siteBytes = null, byte[]? visitor = null, uint fingerprint = 7, ulong bits = 5,
        int policy = 1, uint issued = 1_700_000_000, uint expires = 1_800_000_000, byte flags = 0, int? siteLengthOverride = null)
    {
        siteBytes ??= "shop"u8.ToArray();
        visitor ??= Base64Url.DecodeFromChars(Visitor16);
        var bytes = new List<byte> { version, (byte)(siteLengthOverride ?? siteBytes.Length) };
        bytes.AddRange(siteBytes);
        bytes.Add((byte)visitor.Length);
        bytes.AddRange(visitor);
        var tail = new byte[4 + 8 + 4 + 4 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, fingerprint);
        BinaryPrimitives.WriteUInt64BigEndian(tail.AsSpan(4), bits);
        BinaryPrimitives.WriteInt32BigEndian(tail.AsSpan(12), policy);
        BinaryPrimitives.WriteUInt32BigEndian(tail.AsSpan(16), issued);
        BinaryPrimitives.WriteUInt32BigEndian(tail.AsSpan(20), expires);
        bytes.AddRange(tail);
        bytes.Add(flags);
        return bytes.ToArray();
    }
}
