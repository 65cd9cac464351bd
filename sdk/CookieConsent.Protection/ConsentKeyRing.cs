namespace CookieConsent.Protection;

/// <summary>Where the consent key ring lives. Both values are shared by every process that reads consent cookies.</summary>
public static class ConsentKeyRing
{
    /// <summary>DataProtection application name of every instance that protects or reads consent cookies.</summary>
    public const string ApplicationName = "CookieConsent";

    /// <summary>The Redis list holding the key ring (one XML element per entry, as DataProtection's Redis repository writes it).</summary>
    public const string RedisKey = "cc:dataprotection:keys";
}
