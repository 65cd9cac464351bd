namespace CookieConsent.Server.Hosting;

/// <summary>Says once, at start, that the key ring is stored unencrypted and how to change that.</summary>
internal sealed class KeyRingNotice(ILogger<KeyRingNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.KeyRingUnencrypted(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
