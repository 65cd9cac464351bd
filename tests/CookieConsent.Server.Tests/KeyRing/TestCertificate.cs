using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CookieConsent.Server.Tests.KeyRing;

/// <summary>A self-signed RSA certificate written to a PKCS#12 file, as an operator would provide one.</summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(string path, string password)
    {
        Path = path;
        Password = password;
    }

    public string Path { get; }

    public string Password { get; }

    public static TestCertificate Create(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cc-keyring-{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return new TestCertificate(path, password);
    }

    public void Dispose() => File.Delete(Path);
}
