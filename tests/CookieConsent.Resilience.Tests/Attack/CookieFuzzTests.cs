using System.Buffers.Text;
using System.Text;
using CookieConsent.Client.Contracts;
using CookieConsent.Protection;
using CookieConsent.Resilience.Tests.Infrastructure;
using CookieConsent.Client.Tokens;
using Microsoft.AspNetCore.DataProtection;

namespace CookieConsent.Resilience.Tests.Attack;

[TestClass]
public sealed class CookieFuzzTests
{
    private const string Site = "fuzz-site";

    // The purpose chain ConsentTokenProtector uses (plus the site); the fuzzer needs it to forge near-misses.
    private static readonly string[] ConsentPurpose = ["CookieConsent.ConsentCookie", "v1"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void OverHundredThousandGeneratedCookieValues_NoneIsAccepted()
    {
        var provider = new EphemeralDataProtectionProvider();
        var protector = new ConsentTokenProtector(provider, TimeProvider.System);
        var definition = Api.Site();
        var random = new Random(20260521);

        var genuine = Enumerable.Range(0, 50).Select(_ => protector.Protect(Payload(random, Site, definition))).ToList();
        foreach (var token in genuine)
        {
            Assert.AreEqual(TokenRejection.None, protector.TryUnprotect(Site, token, out _), "control: a genuine cookie is accepted");
        }
        var genuineBytes = genuine.Select(t => Base64Url.DecodeFromChars(t)).ToList();

        var tried = new Dictionary<string, int>();
        var accepted = new List<string>();
        void Try(string family, string candidate)
        {
            tried[family] = tried.GetValueOrDefault(family) + 1;
            if (protector.TryUnprotect(Site, candidate, out _) == TokenRejection.None)
            {
                accepted.Add($"{family}: {candidate}");
            }
        }
        string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
        byte[] RandomBytes(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        for (var i = 0; i < 20_000; i++)
        {
            Try("random bytes", Encode(RandomBytes(random.Next(0, 400))));
        }
        for (var i = 0; i < 15_000; i++)
        {
            // A genuine header and key id, then noise: gets past the key lookup to the MAC check.
            var head = Pick(genuineBytes)[..20];
            Try("genuine header + random body", Encode([.. head, .. RandomBytes(random.Next(0, 200))]));
        }
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.%; \t\r\n\"'\\<>éß€😀\0";
        for (var i = 0; i < 10_000; i++)
        {
            var length = random.Next(0, i % 100 == 0 ? 3000 : 300);
            var text = new StringBuilder(length);
            for (var c = 0; c < length; c++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }
            Try("random text", text.ToString());
        }
        foreach (var token in genuine)
        {
            for (var length = 0; length < token.Length; length++)
            {
                Try("truncated text", token[..length]);
            }
        }
        foreach (var bytes in genuineBytes)
        {
            for (var length = 0; length < bytes.Length; length++)
            {
                Try("truncated bytes", Encode(bytes[..length]));
            }
        }
        for (var i = 0; i < 30_000; i++)
        {
            var bytes = (byte[])Pick(genuineBytes).Clone();
            // Distinct bits, so two flips never cancel out into the genuine cookie.
            var bits = new HashSet<int>();
            for (var flips = 1 + random.Next(3); bits.Count < flips;)
            {
                bits.Add(random.Next(bytes.Length * 8));
            }
            foreach (var bit in bits)
            {
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            Try("bit flips", Encode(bytes));
        }
        for (var i = 0; i < 5_000; i++)
        {
            var chars = Pick(genuine).ToCharArray();
            var at = random.Next(chars.Length);
            var replacement = alphabet[random.Next(64)];
            if (replacement == chars[at])
            {
                continue;
            }
            chars[at] = replacement;
            Try("character swaps", new string(chars));
        }
        for (var i = 0; i < 3_000; i++)
        {
            var bytes = Pick(genuineBytes);
            Try("extended", i % 2 == 0 ? Encode([.. bytes, .. RandomBytes(1 + random.Next(40))]) : Pick(genuine) + Pick(genuine));
        }
        var otherSites = new[] { "fuzz-site-2", "fuzz-sit", "fuzz-site0", "other", "a", "fuzz-site-fuzz-site" };
        for (var i = 0; i < 5_000; i++)
        {
            var other = i % 7 == 0 ? $"tenant-{i}" : otherSites[i % otherSites.Length];
            Try("other sites' cookies", protector.Protect(Payload(random, other, definition)));
        }
        // Same key ring, another purpose (or none of the site binding); and the right purpose from another key ring.
        var foreignRing = new EphemeralDataProtectionProvider();
        var purposes = new (string Name, Func<byte[], DateTimeOffset, byte[]> Protect)[]
        {
            ("time-limited wrapper", (p, e) => provider.CreateProtector([.. ConsentPurpose, Site]).ToTimeLimitedDataProtector().Protect(p, e)),
            ("next purpose version", (p, _) => provider.CreateProtector(["CookieConsent.ConsentCookie", "v2", Site]).Protect(p)),
            ("no site in purpose", (p, _) => provider.CreateProtector(ConsentPurpose).Protect(p)),
            ("purposes reordered", (p, _) => provider.CreateProtector(["CookieConsent.ConsentCookie", Site, "v1"]).Protect(p)),
            ("site as one purpose string", (p, _) => provider.CreateProtector($"CookieConsent.ConsentCookie.v1.{Site}").Protect(p)),
            ("antiforgery", (p, _) => provider.CreateProtector("Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1").Protect(p)),
            ("auth cookie", (p, _) => provider.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2").Protect(p)),
            ("session", (p, _) => provider.CreateProtector("SessionMiddleware").Protect(p)),
            ("another key ring", (p, _) => foreignRing.CreateProtector([.. ConsentPurpose, Site]).Protect(p)),
        };
        for (var i = 0; i < 5_000; i++)
        {
            var payload = Payload(random, Site, definition);
            var (name, protect) = purposes[i % purposes.Length];
            Try("other purposes: " + name, Encode(protect(ConsentTokenFormat.Write(payload), payload.ExpiresAt)));
        }
        // The right protector, but a payload that names another site: the site inside must match too.
        var sitePurpose = provider.CreateProtector([.. ConsentPurpose, Site]);
        for (var i = 0; i < 1_000; i++)
        {
            var payload = Payload(random, otherSites[i % otherSites.Length], definition);
            Try("payload of another site", Encode(sitePurpose.Protect(ConsentTokenFormat.Write(payload))));
        }
        var expiredRejections = 0;
        for (var i = 0; i < 500; i++)
        {
            var expiresAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1 - random.Next(100_000));
            var expired = Payload(random, Site, definition) with { IssuedAt = expiresAt.AddDays(-180), ExpiresAt = expiresAt };
            var token = Encode(sitePurpose.Protect(ConsentTokenFormat.Write(expired)));
            tried["expired"] = tried.GetValueOrDefault("expired") + 1;
            expiredRejections += protector.TryUnprotect(Site, token, out _) == TokenRejection.Expired ? 1 : 0;
        }

        var total = tried.Values.Sum();
        TestContext.WriteLine($"{total} cookie values tried: " + string.Join(", ", tried.Select(t => $"{t.Key} {t.Value}")));
        Assert.IsGreaterThanOrEqualTo(100_000, total);
        Assert.IsEmpty(accepted, "accepted: " + string.Join("\n", accepted.Take(10)));
        Assert.AreEqual(500, expiredRejections, "genuine but expired cookies are refused as expired");
    }

    private static ConsentTokenPayload Payload(Random random, string site, SiteDefinition definition)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var choices = definition.Categories.Where(c => !c.Required).Select(c => new TokenChoice(c.Id, random.Next(2) == 1)).ToArray();
        return new ConsentTokenPayload(site, ConsentIds.NewVisitorId(), choices,
            1, now, now.AddDays(180), new ConsentSignals(random.Next(2) == 1, random.Next(2) == 1));
    }
}
