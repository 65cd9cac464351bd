using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using CookieConsent.Client.Contracts;
using CookieConsent.Protection;
using CookieConsent.Server.Tests.Infrastructure;
using CookieConsent.Client.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CookieConsent.Server.Tests.KeyRing;

/// <summary>
/// The DataProtection key ring in Redis: compatible with the ring the server wrote before, encrypted at rest with a
/// certificate when one is configured, and never spoilt by an instance that cannot read it.
/// </summary>
[TestClass]
public sealed class KeyRingTests
{
    private const string CertificatePath = "CookieConsent:KeyRing:Certificate:Path";
    private const string CertificatePassword = "CookieConsent:KeyRing:Certificate:Password";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task RingWrittenByThePreviousRepository_StillVerifiesItsCookies()
    {
        using var redis = RedisServer.Start();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var definition = TestSites.Default();
        var site = TestSites.UniqueId(TestContext, "legacy");
        var visitor = TestApi.NewVisitor();
        // The ring and a cookie exactly as the server made them before: the same list, raw pushes of unformatted XML.
        string cookie;
        var legacy = new ServiceCollection();
        legacy.AddDataProtection().SetApplicationName("CookieConsent").UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
        {
            EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
            ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
        });
        legacy.Configure<KeyManagementOptions>(options => options.XmlRepository = new PreviousRedisXmlRepository(connection.GetDatabase()));
        await using (var provider = legacy.BuildServiceProvider())
        {
            var now = DateTimeOffset.UtcNow;
            var state = new ConsentState(
                new Dictionary<string, bool> { ["analytics"] = true, ["marketing"] = false }, PolicyVersion: 1,
                GivenAt: DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() - 60),
                ExpiresAt: DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 86_400),
                ConsentSignals.None, ConsentSource.Banner, ReceiptId: "0123456789abcdef0123456789abcdef");
            cookie = new ConsentTokenProtector(provider.GetRequiredService<IDataProtectionProvider>(), TimeProvider.System)
                .Protect(ConsentTokenPayload.From(site, visitor, definition, state));
        }
        var ring = await RingAsync(connection);
        Assert.HasCount(1, ring);

        await using var server = new ConsentServerFactory(redis.ConnectionString);
        var api = new TestApi(server.CreateClient(), TestContext);
        using (var created = await api.PutSiteAsync(site, definition))
        {
            await TestApi.Expect(created, HttpStatusCode.Created);
        }
        var key = (await api.CreateKeyAsync(site)).Key;

        var decisions = await api.VerifyAsync(site, key, cookie);

        Assert.AreEqual(visitor, decisions.Visitor);
        Assert.IsTrue(decisions.IsAllowed("analytics"));
        Assert.IsFalse(decisions.IsAllowed("marketing"));
        await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)));
        CollectionAssert.AreEqual(ring, await RingAsync(connection), "the server signs with the ring's key; it adds none");
    }

    [TestMethod]
    public async Task WithACertificate_KeysAreEncryptedAtRest_AndInstancesWithItAcceptEachOthersCookies()
    {
        using var redis = RedisServer.Start();
        using var certificate = TestCertificate.Create("shared");
        var logs = new CapturedLogs();
        await using var first = Server(redis, certificate, logs);
        await using var second = Server(redis, certificate);
        var a = new TestApi(first.CreateClient(), TestContext);
        var b = new TestApi(second.CreateClient(), TestContext);
        var (site, key) = await a.CreateSiteWithKeyAsync();
        var choices = TestSites.Choices(("analytics", true), ("marketing", false));

        var issuedByA = await a.RecordAsync(site, key, TestApi.NewVisitor(), choices);
        var issuedByB = await b.RecordAsync(site, key, TestApi.NewVisitor(), choices);

        Assert.IsTrue((await b.VerifyAsync(site, key, issuedByA.Cookie.Value)).IsAllowed("analytics"));
        Assert.IsTrue((await a.VerifyAsync(site, key, issuedByB.Cookie.Value)).IsAllowed("analytics"));
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var ring = await RingAsync(connection);
        Assert.IsNotEmpty(ring);
        foreach (var element in ring)
        {
            Assert.Contains("encryptedSecret", element);
            Assert.DoesNotContain("masterKey", element, "no key material in plain text");
        }
        await AssertReadyAsync(a, HttpStatusCode.OK);
        await AssertReadyAsync(b, HttpStatusCode.OK);
        Assert.IsFalse(logs.Events.Any(e => e.Event.Name == "KeyRingUnencrypted"));
    }

    [TestMethod]
    public async Task InstanceWithAnotherCertificate_IsNotReady_SignsNothing_AndLeavesTheRingUnchanged()
    {
        using var redis = RedisServer.Start();
        using var certificateA = TestCertificate.Create("a");
        using var certificateB = TestCertificate.Create("b");
        await using var serverA = Server(redis, certificateA);
        var a = new TestApi(serverA.CreateClient(), TestContext);
        var (site, key, cookie, ring) = await IssueOneCookieAsync(a, redis);

        await using var serverB = Server(redis, certificateB);
        var b = new TestApi(serverB.CreateClient(), TestContext);

        await AssertCannotUseTheRingAsync(a, b, site, key, cookie);
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        CollectionAssert.AreEqual(ring, await RingAsync(connection), "B added no key of its own");
    }

    [TestMethod]
    public async Task InstanceWithoutTheCertificate_OnAnEncryptedRing_IsNotReady_AndAddsNoPlaintextKey()
    {
        using var redis = RedisServer.Start();
        using var certificate = TestCertificate.Create("ring");
        await using var serverA = Server(redis, certificate);
        var a = new TestApi(serverA.CreateClient(), TestContext);
        var (site, key, cookie, ring) = await IssueOneCookieAsync(a, redis);

        await using var serverB = Server(redis, certificate: null);
        var b = new TestApi(serverB.CreateClient(), TestContext);

        await AssertCannotUseTheRingAsync(a, b, site, key, cookie);
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var after = await RingAsync(connection);
        CollectionAssert.AreEqual(ring, after, "no plaintext key was added");
        Assert.IsFalse(after.Any(e => e.Contains("masterKey", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task LocalVerification_OfAnEncryptedRing_NeedsTheCertificate_AndNeverWritesToTheRing()
    {
        using var redis = RedisServer.Start();
        using var certificate = TestCertificate.Create("local");
        await using var server = Server(redis, certificate);
        var (site, _, cookie, ring) = await IssueOneCookieAsync(new TestApi(server.CreateClient(), TestContext), redis);

        using var withCertificate = X509CertificateLoader.LoadPkcs12FromFile(certificate.Path, certificate.Password);
        Assert.AreEqual(TokenRejection.None, Read(redis, site, cookie, withCertificate), "a site given the ring's certificate");
        Assert.AreNotEqual(TokenRejection.None, Read(redis, site, cookie, certificate: null), "a site without it");
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        CollectionAssert.AreEqual(ring, await RingAsync(connection));
    }

    private static TokenRejection Read(RedisServer redis, string site, string cookie, X509Certificate2? certificate)
    {
        var services = new ServiceCollection();
        services.AddLocalConsentVerification(options =>
        {
            options.KeyRingRedis = redis.ConnectionString;
            options.KeyRingCertificate = certificate;
        });
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IConsentTokenReader>().TryRead(site, cookie, out _);
    }

    [TestMethod]
    public async Task WithoutACertificate_TheServerSaysOnceThatKeysAreUnencrypted_InsteadOfDataProtectionsWarning()
    {
        using var redis = RedisServer.Start();
        var logs = new CapturedLogs();
        await using var server = Server(redis, certificate: null, logs);
        var api = new TestApi(server.CreateClient(), TestContext);
        var (site, key) = await api.CreateSiteWithKeyAsync();

        // Creates the ring's first key: DataProtection would warn here that it is stored unencrypted.
        await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true)));
        await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", false), ("marketing", true)));

        var notices = logs.Events.Where(e => e.Event.Name == "KeyRingUnencrypted").ToList();
        Assert.HasCount(1, notices);
        Assert.AreEqual(LogLevel.Warning, notices[0].Level);
        Assert.Contains("CookieConsent:KeyRing:Certificate", notices[0].Message);
        Assert.IsFalse(logs.Events.Any(e => e.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal)
            && e.Level == LogLevel.Warning), "DataProtection's own warning is filtered");
        await AssertReadyAsync(api, HttpStatusCode.OK);
    }

    [TestMethod]
    public void CertificateThatCannotBeLoaded_StopsTheServerAtStart_NamingTheSetting()
    {
        using var redis = RedisServer.Start();
        using var certificate = TestCertificate.Create("wrong-password");
        using var factory = new ConsentServerFactory(redis.ConnectionString).WithWebHostBuilder(builder => builder
            .UseSetting(CertificatePath, certificate.Path)
            .UseSetting(CertificatePassword, "not-the-password"));

        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.Contains(CertificatePath, error.Message);
    }

    private static WebApplicationFactory<Program> Server(RedisServer redis, TestCertificate? certificate, CapturedLogs? logs = null) =>
        new ConsentServerFactory(redis.ConnectionString).WithWebHostBuilder(builder =>
        {
            if (certificate is not null)
            {
                builder.UseSetting(CertificatePath, certificate.Path).UseSetting(CertificatePassword, certificate.Password);
            }
            if (logs is not null)
            {
                builder.ConfigureLogging(logging => logging.AddProvider(logs));
            }
        });

    private async Task<(string Site, string Key, string Cookie, string[] Ring)> IssueOneCookieAsync(TestApi api, RedisServer redis)
    {
        var (site, key) = await api.CreateSiteWithKeyAsync();
        var issued = await api.RecordAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", false)));
        await AssertReadyAsync(api, HttpStatusCode.OK);
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var ring = await RingAsync(connection);
        Assert.HasCount(1, ring);
        Assert.Contains("encryptedSecret", ring[0]);
        return (site, key, issued.Cookie.Value, ring);
    }

    private async Task AssertCannotUseTheRingAsync(TestApi a, TestApi b, string site, string key, string cookieOfA)
    {
        await AssertReadyAsync(b, HttpStatusCode.ServiceUnavailable);
        using (var record = await b.PutConsentAsync(site, key, TestApi.NewVisitor(), TestSites.Choices(("analytics", true), ("marketing", true))))
        {
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, record.StatusCode, "B cannot sign a cookie the others could read");
        }
        using (var verify = await b.VerifyResponseAsync(site, key, cookieOfA))
        {
            Assert.AreNotEqual(HttpStatusCode.OK, verify.StatusCode);
        }
        // The instance with the right certificate is not disturbed.
        Assert.IsTrue((await a.VerifyAsync(site, key, cookieOfA)).IsAllowed("analytics"));
        await AssertReadyAsync(a, HttpStatusCode.OK);
    }

    private async Task AssertReadyAsync(TestApi api, HttpStatusCode expected)
    {
        using var response = await api.Http.GetAsync("/health/ready", TestContext.CancellationToken);
        Assert.AreEqual(expected, response.StatusCode);
    }

    private static async Task<string[]> RingAsync(ConnectionMultiplexer connection) =>
        [.. (await connection.GetDatabase().ListRangeAsync(ConsentKeyRing.RedisKey)).Select(v => v.ToString())];

    /// <summary>The hand-written repository the server used before DataProtection's own Redis repository.</summary>
    private sealed class PreviousRedisXmlRepository(IDatabase database) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() =>
            database.ListRange("cc:dataprotection:keys").Select(value => XElement.Parse((string)value!)).ToList();

        public void StoreElement(XElement element, string friendlyName) =>
            database.ListRightPush("cc:dataprotection:keys", element.ToString(SaveOptions.DisableFormatting));
    }
}
