using System.Buffers.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Protection;
using CookieConsent.Client.Tokens;
using Microsoft.AspNetCore.DataProtection;

namespace CookieConsent.AspNetCore.Tests.Tokens;

[TestClass]
public sealed class ConsentTokenProtectorTests
{
    private const string Site = "shop-example";
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // Deliberately long past: expiry must follow the injected clock, not the machine's.
    private static readonly DateTimeOffset Issued = new(2024, 3, 1, 8, 30, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void Protect_ThenUnprotect_ReturnsThePayload(bool dnt, bool gpc)
    {
        var (protector, _) = Create();
        var payload = Payload() with { Signals = new(dnt, gpc) };

        var token = protector.Protect(payload);
        var rejection = protector.TryUnprotect(Site, token, out var read);

        Assert.AreEqual(TokenRejection.None, rejection);
        Assert.AreEqual(payload, read);
    }

    [TestMethod]
    public void Token_IsReadableByAnotherProtectorOverTheSameKeyRing()
    {
        var provider = new EphemeralDataProtectionProvider();
        var time = new FakeTimeProvider(Issued.AddDays(1));
        var token = new ConsentTokenProtector(provider, time).Protect(Payload());

        var rejection = new ConsentTokenProtector(provider, time).TryUnprotect(Site, token, out var read);

        Assert.AreEqual(TokenRejection.None, rejection);
        Assert.AreEqual(Payload(), read);
    }

    [TestMethod]
    public void Token_IsCanonicalBase64Url()
    {
        var (protector, _) = Create();

        var token = protector.Protect(Payload());

        Assert.IsTrue(token.All(Base64UrlAlphabet.Contains), token);
        Assert.AreEqual(token, Base64Url.EncodeToString(Base64Url.DecodeFromChars(token)));
    }

    [TestMethod]
    public void EverySingleCharacterMutation_IsRejected()
    {
        var (protector, _) = Create();
        var token = protector.Protect(Payload());
        var chars = token.ToCharArray();
        var tried = 0;

        for (var i = 0; i < chars.Length; i++)
        {
            var original = chars[i];
            foreach (var replacement in Base64UrlAlphabet)
            {
                if (replacement == original)
                {
                    continue;
                }
                chars[i] = replacement;
                var rejection = protector.TryUnprotect(Site, new string(chars), out var read);
                Assert.AreEqual(TokenRejection.Invalid, rejection, $"position {i}: '{original}' -> '{replacement}'");
                Assert.IsNull(read);
                tried++;
            }
            chars[i] = original;
        }

        Assert.AreEqual(token.Length * 63, tried);
        Assert.AreEqual(TokenRejection.None, protector.TryUnprotect(Site, new string(chars), out _));
    }

    [TestMethod]
    public void EverySingleByteMutation_IsRejected()
    {
        var (protector, _) = Create();
        var bytes = Base64Url.DecodeFromChars(protector.Protect(Payload()));

        for (var i = 0; i < bytes.Length; i++)
        {
            var original = bytes[i];
            for (var value = 0; value <= byte.MaxValue; value++)
            {
                if (value == original)
                {
                    continue;
                }
                bytes[i] = (byte)value;
                var rejection = protector.TryUnprotect(Site, Base64Url.EncodeToString(bytes), out var read);
                Assert.AreEqual(TokenRejection.Invalid, rejection, $"byte {i}: {original} -> {value}");
                Assert.IsNull(read);
            }
            bytes[i] = original;
        }

        Assert.AreEqual(TokenRejection.None, protector.TryUnprotect(Site, Base64Url.EncodeToString(bytes), out _));
    }

    [TestMethod]
    public void EveryTruncation_IsRejected()
    {
        var (protector, _) = Create();
        var token = protector.Protect(Payload());
        var bytes = Base64Url.DecodeFromChars(token);

        for (var length = 0; length < token.Length; length++)
        {
            Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect(Site, token[..length], out _), $"{length} characters");
        }
        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = Base64Url.EncodeToString(bytes.AsSpan(0, length));
            Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect(Site, truncated, out _), $"{length} bytes");
        }
    }

    [TestMethod]
    [DataRow("A")]
    [DataRow("AA")]
    [DataRow("AAAA")]
    [DataRow("Zm9v")]
    public void AppendedData_IsRejected(string suffix)
    {
        var (protector, _) = Create();
        var bytes = Base64Url.DecodeFromChars(protector.Protect(Payload()));

        Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect(Site, Base64Url.EncodeToString(bytes) + suffix, out _));
        Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect(Site, Base64Url.EncodeToString([.. bytes, 0]), out _));
    }

    [TestMethod]
    public void TokenForSiteA_IsRejectedBySiteB()
    {
        var (protector, _) = Create();
        var token = protector.Protect(Payload() with { Site = "site-a" });

        Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect("site-b", token, out var read));
        Assert.IsNull(read);
        Assert.AreEqual(TokenRejection.None, protector.TryUnprotect("site-a", token, out _));
    }

    [TestMethod]
    public void PayloadNamingAnotherSite_IsRejectedEvenUnderThisSitesPurpose()
    {
        // Only someone holding the key ring could mint this; the site check is defence in depth.
        var provider = new EphemeralDataProtectionProvider();
        var protector = new ConsentTokenProtector(provider, new FakeTimeProvider(Issued.AddDays(1)));
        var inner = ConsentTokenFormat.Write(Payload() with { Site = "site-b" });
        var token = Base64Url.EncodeToString(provider.CreateProtector("CookieConsent.ConsentCookie", "v1", "site-a").Protect(inner));

        Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect("site-a", token, out var read));
        Assert.IsNull(read);
    }

    [TestMethod]
    public void PurposeStrings_AreStable_SoCookiesInTheWildStayReadable()
    {
        var provider = new EphemeralDataProtectionProvider();
        var protector = new ConsentTokenProtector(provider, new FakeTimeProvider(Issued.AddDays(1)));
        var inner = ConsentTokenFormat.Write(Payload());
        var token = Base64Url.EncodeToString(provider.CreateProtector("CookieConsent.ConsentCookie", "v1", Site).Protect(inner));

        Assert.AreEqual(TokenRejection.None, protector.TryUnprotect(Site, token, out var read));
        Assert.AreEqual(Payload(), read);
    }

    [TestMethod]
    [DataRow(new[] { "other" })]
    [DataRow(new[] { "CookieConsent.ConsentCookie" })]
    [DataRow(new[] { "CookieConsent.ConsentCookie", "v1" })]
    [DataRow(new[] { "CookieConsent.ConsentCookie", "v2", Site })]
    [DataRow(new[] { "CookieConsent.ConsentCookie", "v1", Site, "extra" })]
    [DataRow(new[] { "CookieConsent.ConsentCookie", "v1", "other-site" })]
    public void TokenFromAnotherDataProtectionPurpose_IsRejected(string[] purposes)
    {
        var provider = new EphemeralDataProtectionProvider();
        var protector = new ConsentTokenProtector(provider, new FakeTimeProvider(Issued.AddDays(1)));
        var foreign = provider.CreateProtector(purposes[0], purposes[1..]).Protect(ConsentTokenFormat.Write(Payload()));

        Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect(Site, Base64Url.EncodeToString(foreign), out var read));
        Assert.IsNull(read);
    }

    [TestMethod]
    public void ProtectedGarbageUnderTheRightPurpose_IsRejectedWithoutThrowing()
    {
        var provider = new EphemeralDataProtectionProvider();
        var protector = new ConsentTokenProtector(provider, new FakeTimeProvider(Issued.AddDays(1)));
        var purpose = provider.CreateProtector("CookieConsent.ConsentCookie", "v1", Site);

        byte[][] inners = [[], [1], "not a token"u8.ToArray(), new byte[64]];
        foreach (var inner in inners)
        {
            var token = Base64Url.EncodeToString(purpose.Protect(inner));
            Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect(Site, token, out _));
        }
    }

    [TestMethod]
    public void TokenFromAnotherKeyRing_IsRejected()
    {
        var time = new FakeTimeProvider(Issued.AddDays(1));
        var token = new ConsentTokenProtector(new EphemeralDataProtectionProvider(), time).Protect(Payload());

        var rejection = new ConsentTokenProtector(new EphemeralDataProtectionProvider(), time).TryUnprotect(Site, token, out var read);

        Assert.AreEqual(TokenRejection.Invalid, rejection);
        Assert.IsNull(read);
    }

    [TestMethod]
    [DataRow(-1L, TokenRejection.None)]
    [DataRow(0L, TokenRejection.Expired)]
    [DataRow(TimeSpan.TicksPerSecond, TokenRejection.Expired)]
    [DataRow(400 * TimeSpan.TicksPerDay, TokenRejection.Expired)]
    public void Expiry_ComesFromThePayloadAndTheInjectedClock(long nowMinusExpiresTicks, TokenRejection expected)
    {
        var (protector, time) = Create();
        var payload = Payload();
        var token = protector.Protect(payload);

        time.SetUtcNow(payload.ExpiresAt.AddTicks(nowMinusExpiresTicks));
        var rejection = protector.TryUnprotect(Site, token, out var read);

        Assert.AreEqual(expected, rejection);
        // An expired cookie still hands back its payload: its refusals stand, only its grants have lapsed.
        Assert.AreEqual(payload, read);
    }

    [TestMethod]
    public void ExpiredToken_OnTheSystemClock_IsReportedAsExpired()
    {
        var now = TimeProvider.System.GetUtcNow();
        var protector = new ConsentTokenProtector(new EphemeralDataProtectionProvider(), TimeProvider.System);
        var payload = Payload() with
        {
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds(now.AddDays(-181).ToUnixTimeSeconds()),
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(now.AddDays(-1).ToUnixTimeSeconds()),
        };

        var rejection = protector.TryUnprotect(Site, protector.Protect(payload), out var read);

        Assert.AreEqual(TokenRejection.Expired, rejection);
        Assert.AreEqual(payload, read);
    }

    [TestMethod]
    // A typical site: necessary, analytics, marketing, preferences; refusals given at other times than the cookie's
    // issue (e.g. a recorded GPC signal) carry 4 bytes more each.
    [DataRow(1, 3)]
    [DataRow(11, 2)] // "sample-shop"
    [DataRow(20, 1)]
    [DataRow(24, 0)]
    public void TokenForATypicalSite_FitsInA256CharacterCookie(int siteLength, int refusalsWithTheirOwnTime)
    {
        var (protector, _) = Create();
        var site = new string('s', siteLength);
        string[] optional = ["analytics", "marketing", "preferences"];
        var definition = new SiteDefinition("Shop",
            [.. new[] { "necessary" }.Concat(optional).Select((id, i) => new CategoryDefinition(id, i == 0, id == "marketing",
                new Dictionary<string, CategoryText> { ["en"] = new(id, "") }, []))],
            [new PolicyVersion(3, Issued.AddDays(-1), [])], []);
        var refused = optional.Take(Math.Max(2, refusalsWithTheirOwnTime)).ToHashSet();
        var state = new ConsentState(
            optional.ToDictionary(id => id, id => !refused.Contains(id)), 3, Issued, Issued.AddDays(395),
            new ConsentSignals(true, true), ConsentSource.Banner, "r-1",
            optional.Take(refusalsWithTheirOwnTime).ToDictionary(id => id, _ => new CategoryRefusal(Issued.AddDays(-30), ConsentSource.Signal)));
        var visitor = ConsentIds.NewVisitorId();

        var token = protector.Protect(ConsentTokenPayload.From(site, visitor, definition, state));

        TestContext.WriteLine($"site id {siteLength} chars, 3 optional categories, 128-bit visitor: token {token.Length} chars");
        Assert.IsLessThanOrEqualTo(256, token.Length);
        Assert.AreEqual(TokenRejection.None, protector.TryUnprotect(site, token, out _));
    }

    [TestMethod]
    [DataRow(52, 16)]
    [DataRow(64, 16)]
    [DataRow(64, 32)]
    public void LongestSiteAndVisitorIds_StillFitUnderMaxTokenLength(int siteLength, int visitorBytes)
    {
        var (protector, _) = Create();
        var site = new string('s', siteLength);
        var visitor = Base64Url.EncodeToString(new byte[visitorBytes]);

        var token = protector.Protect(Payload() with { Site = site, Visitor = visitor });

        TestContext.WriteLine($"site id {siteLength} chars, {visitorBytes * 8}-bit visitor: token {token.Length} chars");
        Assert.IsLessThanOrEqualTo(ConsentTokenFormat.MaxTokenLength, token.Length);
        Assert.AreEqual(TokenRejection.None, protector.TryUnprotect(site, token, out _));
    }

    [TestMethod]
    public void SixtyFourCategoriesWithTheLongestIds_AllRefusedAtTheirOwnTime_StillFitUnderMaxTokenLength()
    {
        var (protector, _) = Create();
        var site = new string('s', 64);
        var definition = SiteWithCategories(64) with
        {
            Categories = [.. SiteWithCategories(64).Categories.Select((c, i) => c with { Id = $"{i:D2}".PadRight(32, 'x'), Required = false })],
        };
        var state = new ConsentState(definition.Categories.ToDictionary(c => c.Id, _ => false), 3, Issued, Issued.AddDays(395),
            new ConsentSignals(true, true), ConsentSource.Banner, "r-1",
            definition.Categories.ToDictionary(c => c.Id, _ => new CategoryRefusal(Issued.AddDays(-1), ConsentSource.Signal)));

        var token = protector.Protect(ConsentTokenPayload.From(site, Base64Url.EncodeToString(new byte[32]), definition, state));

        TestContext.WriteLine($"64 categories of 32 characters: token {token.Length} chars");
        Assert.IsLessThanOrEqualTo(ConsentTokenFormat.MaxTokenLength, token.Length);
        Assert.AreEqual(TokenRejection.None, protector.TryUnprotect(site, token, out var read));
        Assert.HasCount(64, read!.Choices);
    }

    [TestMethod]
    public void TokenLongerThanMaxTokenLength_IsRejectedWithoutThrowing()
    {
        var (protector, _) = Create();
        var token = protector.Protect(Payload());

        string[] tooLong =
        [
            new string('A', ConsentTokenFormat.MaxTokenLength + 4),
            token + new string('A', ConsentTokenFormat.MaxTokenLength + 4 - token.Length),
            new string('A', 1_000_000),
        ];
        foreach (var value in tooLong)
        {
            Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect(Site, value, out var read));
            Assert.IsNull(read);
        }
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow(" ")]
    [DataRow("A")]
    [DataRow("!!!!")]
    [DataRow("abc=")]
    [DataRow("ab+/")]
    [DataRow("%41%41")]
    [DataRow("consent=yes")]
    [DataRow("\0\0\0\0")]
    [DataRow("\u00e9\u00e9\u00e9\u00e9")]
    public void NonTokenInput_IsRejectedWithoutThrowing(string? value)
    {
        var (protector, _) = Create();

        Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect(Site, value, out var read));
        Assert.IsNull(read);
    }

    [TestMethod]
    public void NonCanonicalSpellingsOfARealToken_AreRejected()
    {
        var (protector, _) = Create();
        var token = protector.Protect(Payload());
        var padding = new string('=', (4 - token.Length % 4) % 4);

        string[] spellings =
        [
            token + padding + (padding.Length == 0 ? "====" : ""),
            token.Replace('-', '+').Replace('_', '/') + (token.Contains('-') || token.Contains('_') ? "" : "+"),
            token[..10] + " " + token[10..],
            token + "\n",
            " " + token,
        ];
        foreach (var spelling in spellings)
        {
            Assert.AreEqual(TokenRejection.Invalid, protector.TryUnprotect(Site, spelling, out _), spelling);
        }
    }

    [TestMethod]
    public void NullArguments_AreRejected()
    {
        var (protector, time) = Create();

        Assert.ThrowsExactly<ArgumentNullException>(() => new ConsentTokenProtector(null!, time));
        Assert.ThrowsExactly<ArgumentNullException>(() => new ConsentTokenProtector(new EphemeralDataProtectionProvider(), null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => protector.Protect(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => protector.TryUnprotect(null!, "AAAA", out _));
    }

    private static (ConsentTokenProtector Protector, FakeTimeProvider Time) Create()
    {
        var time = new FakeTimeProvider(Issued.AddDays(1));
        return (new ConsentTokenProtector(new EphemeralDataProtectionProvider(), time), time);
    }

    private static ConsentTokenPayload Payload() => new(
        Site, "AAECAwQFBgcICQoLDA0ODw", [new("analytics", true), new("marketing", false, Issued.AddDays(-2), RefusedBySignal: true)],
        3, Issued, Issued.AddDays(180), new ConsentSignals(false, true));

    private static SiteDefinition SiteWithCategories(int count) => new(
        "Shop",
        Enumerable.Range(0, count)
            .Select(i => new CategoryDefinition($"category-{i}", i == 0, i % 2 == 0,
                new Dictionary<string, CategoryText> { ["en"] = new($"Category {i}", "") }, []))
            .ToArray(),
        [new PolicyVersion(3, Issued.AddDays(-1), [])],
        []);
}
