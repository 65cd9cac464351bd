using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Caching;

/// <summary>Registers the read caches and the subscription that keeps them coherent.</summary>
internal static class ReadCacheRegistration
{
    public static IServiceCollection AddReadCaches(this IServiceCollection services)
    {
        services.AddOptions<ReadCacheOptions>().BindConfiguration(ReadCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CacheCoherence>();
        services.AddSingleton<ConsentAnswerCache>();
        services.AddSingleton<TokenVerificationCache>();
        services.AddSingleton<SiteKeyCache>();
        services.AddSingleton<Api.ReadAnswers>();
        // Turned off, nothing subscribes, so the caches are never trusted and every read goes to Redis.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<ReadCacheOptions>>().Value.Enabled
            ? ActivatorUtilities.CreateInstance<InvalidationSubscription>(sp)
            : new NoSubscription());
        return services;
    }

    private sealed class NoSubscription : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
