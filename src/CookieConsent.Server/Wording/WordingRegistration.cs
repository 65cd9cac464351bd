using CookieConsent.Core.Redis;
using CookieConsent.Core.Wording;

namespace CookieConsent.Server.Wording;

/// <summary>
/// Stores the wording this build renders the first time a server runs with it. In the background and retried, so a
/// Redis that is not up yet (or the managed local one still starting) never delays or stops the server.
/// </summary>
internal sealed class WordingRegistration(WordingStore store, ILogger<WordingRegistration> logger, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var version = Pages.Wording.Version;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.StoreAsync(version, Pages.Wording.Json, stoppingToken);
                Log.WordingStored(logger, version);
                return;
            }
            catch (StoreUnavailableException)
            {
                Log.WordingNotStored(logger, version);
            }
            try
            {
                await Task.Delay(RetryInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
