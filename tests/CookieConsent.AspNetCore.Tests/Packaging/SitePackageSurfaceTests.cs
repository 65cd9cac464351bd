namespace CookieConsent.AspNetCore.Tests.Packaging;

/// <summary>What a site that verifies through the API takes on with <c>CookieConsent.AspNetCore</c>.</summary>
[TestClass]
public sealed class SitePackageSurfaceTests
{
    private static readonly System.Reflection.Assembly SitePackage = typeof(CookieConsentOptions).Assembly;

    [TestMethod]
    public void SitePackage_ReferencesNoRedisClient_AndNotTheKeyRingPackage()
    {
        var references = SitePackage.GetReferencedAssemblies().Select(a => a.Name).ToList();

        CollectionAssert.DoesNotContain(references, "StackExchange.Redis");
        CollectionAssert.DoesNotContain(references, "Microsoft.AspNetCore.DataProtection.StackExchangeRedis");
        CollectionAssert.DoesNotContain(references, "CookieConsent.Protection");
        CollectionAssert.Contains(references, "CookieConsent.Pages", "the markup comes from the shared pages package");
    }

    [TestMethod]
    public void SitePackage_PublicTypes_AreInItsOwnNamespaces_AndNoneMintsTokens()
    {
        var exported = SitePackage.GetExportedTypes();

        foreach (var type in exported)
        {
            Assert.IsTrue(
                type.Namespace!.StartsWith("CookieConsent.AspNetCore", StringComparison.Ordinal)
                || type.Namespace is "Microsoft.Extensions.DependencyInjection" or "Microsoft.AspNetCore.Builder",
                $"{type.FullName} is outside the package's namespaces");
            Assert.IsFalse(type.GetMethods().Any(m => m.Name.StartsWith("Protect", StringComparison.Ordinal)),
                $"{type.FullName} can protect (mint) something");
        }
        Assert.IsFalse(exported.Any(t => t.Name.Contains("KeyRing", StringComparison.Ordinal) || t.Name.Contains("Token", StringComparison.Ordinal)),
            "no key ring, token protector or payload layout in the site package's public API");
    }
}
