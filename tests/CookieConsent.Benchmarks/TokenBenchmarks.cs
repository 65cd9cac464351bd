using BenchmarkDotNet.Attributes;
using CookieConsent.Protection;
using CookieConsent.Client.Tokens;
using Microsoft.AspNetCore.DataProtection;

namespace CookieConsent.Benchmarks;

/// <summary>
/// Consent cookie protection (DataProtection, ephemeral key) against the plain payload layout written and read back,
/// which both protected paths include.
/// </summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private ConsentTokenPayload _payload = null!;
    private ConsentTokenProtector _protector = null!;
    private string _token = null!;
    private byte[] _plain = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        _payload = ConsentTokenPayload.From(BenchSite.Id, BenchSite.Visitor, BenchSite.Definition, BenchSite.State(now));
        _protector = new ConsentTokenProtector(new EphemeralDataProtectionProvider(), TimeProvider.System);
        _token = _protector.Protect(_payload);
        _plain = ConsentTokenFormat.Write(_payload);
        if (_protector.TryUnprotect(BenchSite.Id, _token, out _) != TokenRejection.None)
        {
            throw new InvalidOperationException("The benchmark token does not verify.");
        }
    }

    [Benchmark(Baseline = true, Description = "Format Write + TryRead (no protection)")]
    public ConsentTokenPayload? FormatRoundTrip()
    {
        ConsentTokenFormat.TryRead(ConsentTokenFormat.Write(_payload), out var read);
        return read;
    }

    [Benchmark(Description = "Format TryRead only")]
    public ConsentTokenPayload? FormatRead()
    {
        ConsentTokenFormat.TryRead(_plain, out var read);
        return read;
    }

    [Benchmark(Description = "Protect (mint a cookie value)")]
    public string Protect() => _protector.Protect(_payload);

    [Benchmark(Description = "TryUnprotect (verify a cookie value)")]
    public TokenRejection Unprotect() => _protector.TryUnprotect(BenchSite.Id, _token, out _);
}
