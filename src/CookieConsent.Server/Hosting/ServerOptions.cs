using System.ComponentModel.DataAnnotations;

namespace CookieConsent.Server.Hosting;

/// <summary>The server's settings, section <c>CookieConsent</c>.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CookieConsent";

    /// <summary>A StackExchange.Redis connection string. When empty the server starts and supervises its own local
    /// <c>redis-server</c> (AOF on, <c>appendfsync always</c>) with its data under <see cref="DataDir"/>.</summary>
    /// <value>Defaults to empty (managed local Redis).</value>
    public string Redis { get; set; } = "";

    /// <summary>Bearer key for the admin API. When empty the admin API refuses every request.</summary>
    /// <value>Defaults to empty.</value>
    public string AdminKey { get; set; } = "";

    /// <summary>Folder for the managed local Redis's data.</summary>
    /// <value>Defaults to <c>.data</c> under the working directory.</value>
    public string DataDir { get; set; } = ".data";

    /// <summary>Upper bound of each Redis call.</summary>
    /// <value>Defaults to 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest request body accepted, in bytes.</summary>
    /// <value>Defaults to 16 KiB.</value>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Whether the hosted pages' cookies carry <c>Secure</c> on plain-HTTP requests too (always on HTTPS; never on
    /// a loopback host, so local development over http works). Turn off only behind a proxy that does not forward the scheme.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool SecureCookies { get; set; } = true;

    /// <summary>How the DataProtection key ring (shared through Redis) is kept.</summary>
    public KeyRingOptions KeyRing { get; set; } = new();
}

/// <summary>The key ring's settings, section <c>CookieConsent:KeyRing</c>.</summary>
public sealed class KeyRingOptions
{
    /// <summary>The certificate the keys are encrypted with at rest. Without one they are stored unencrypted in Redis.</summary>
    /// <value>Defaults to none.</value>
    public KeyRingCertificateOptions Certificate { get; set; } = new();
}

/// <summary>A PKCS#12 (<c>.pfx</c>/<c>.p12</c>) file with the key ring certificate and its private key.</summary>
public sealed class KeyRingCertificateOptions
{
    /// <summary>Path of the PKCS#12 file. Every instance sharing the Redis needs the same certificate.</summary>
    /// <value>Defaults to none: keys unencrypted.</value>
    public string? Path { get; set; }

    /// <summary>The file's password.</summary>
    /// <value>Defaults to none.</value>
    public string? Password { get; set; }
}
