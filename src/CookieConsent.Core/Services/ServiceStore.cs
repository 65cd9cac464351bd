using System.Security.Cryptography;
using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Core.Services;

/// <summary>
/// Services (groups of sites with one opt-out), their visitors' opt-outs, and the single-use codes of sync bounces.
/// </summary>
public sealed class ServiceStore
{
    /// <summary>How long a sync code can be exchanged: one redirect and one server-to-server call need far less.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisStoreOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    public ServiceStore(IConnectionMultiplexer redis, IOptions<RedisStoreOptions> options, TimeProvider time)
    {
        _redis = redis;
        _options = options.Value;
        _time = time;
    }

    /// <summary>The service's definition, or <see langword="null"/>.</summary>
    public async Task<ServiceDefinition?> GetAsync(string service, CancellationToken cancellationToken)
    {
        var json = await RedisCall.Run(_redis.GetDatabase().StringGetAsync(Keys.Service(service)), cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, ConsentJsonContext.Default.ServiceDefinition);
    }

    /// <summary>The service a site belongs to, with its definition; <see langword="null"/> when it belongs to none.</summary>
    public async Task<(string Id, ServiceDefinition Definition)?> OfSiteAsync(string site, CancellationToken cancellationToken)
    {
        var id = await RedisCall.Run(_redis.GetDatabase().StringGetAsync(Keys.SiteService(site)), cancellationToken);
        if (id.IsNull)
        {
            return null;
        }
        var definition = await GetAsync(id!, cancellationToken);
        // A membership left by a deleted service, or a service that no longer lists the site, is no membership.
        return definition is not null && definition.Sites.Contains(site, StringComparer.Ordinal) ? ((string)id!, definition) : null;
    }

    /// <summary>The member sites that already belong to another service (the put is refused then).</summary>
    public async Task<IReadOnlyList<string>> SitesOfOtherServicesAsync(
        string service, IReadOnlyList<string> sites, CancellationToken cancellationToken)
    {
        var taken = new List<string>();
        foreach (var site in sites)
        {
            if (await OfSiteAsync(site, cancellationToken) is { } member && member.Id != service)
            {
                taken.Add(site);
            }
        }
        return taken;
    }

    /// <summary>Creates or replaces a service and its sites' memberships; returns the definition it replaced.</summary>
    public async Task<ServiceDefinition?> PutAsync(string service, ServiceDefinition definition, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var previous = await GetAsync(service, cancellationToken);
        // Each key lives in its own slot, so they are written one by one: the service first, then its members'
        // pointers (a pointer to a service that does not list the site counts for nothing, see OfSiteAsync).
        await RedisCall.Run(database.StringSetAsync(Keys.Service(service),
            JsonSerializer.Serialize(definition, ConsentJsonContext.Default.ServiceDefinition)), cancellationToken);
        await RedisCall.Run(database.SetAddAsync(Keys.ServiceIndex(), service), cancellationToken);
        foreach (var site in definition.Sites)
        {
            await RedisCall.Run(database.StringSetAsync(Keys.SiteService(site), service), cancellationToken);
        }
        foreach (var dropped in previous?.Sites.Except(definition.Sites, StringComparer.Ordinal) ?? [])
        {
            await LeaveAsync(database, dropped, service, cancellationToken);
        }
        return previous;
    }

    /// <summary>Deletes a service and its sites' memberships; returns whether it existed.</summary>
    public async Task<bool> DeleteAsync(string service, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var previous = await GetAsync(service, cancellationToken);
        if (previous is null)
        {
            return false;
        }
        await RedisCall.Run(database.KeyDeleteAsync(Keys.Service(service)), cancellationToken);
        await RedisCall.Run(database.SetRemoveAsync(Keys.ServiceIndex(), service), cancellationToken);
        foreach (var site in previous.Sites)
        {
            await LeaveAsync(database, site, service, cancellationToken);
        }
        return true;
    }

    /// <summary>The service-level visitor's opt-out, or <see langword="null"/> when they have not opted out.</summary>
    public async Task<ServiceOptOut?> OptOutOfAsync(string service, string visitor, CancellationToken cancellationToken)
    {
        var json = await RedisCall.Run(_redis.GetDatabase().StringGetAsync(Keys.ServiceOptOut(service, visitor)), cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, ServiceJsonContext.Default.ServiceOptOut);
    }

    /// <summary>
    /// Records the visitor's opt-out of the whole service (kept as long as receipts are), with the locale and wording
    /// version of the page it was made on, which the receipts written on each site name.
    /// </summary>
    public async Task<ServiceOptOut> OptOutAsync(
        string service, string visitor, string? locale, string? wording, CancellationToken cancellationToken)
    {
        var optOut = new ServiceOptOut(Truncate(_time.GetUtcNow()), locale, wording);
        await RedisCall.Run(_redis.GetDatabase().StringSetAsync(Keys.ServiceOptOut(service, visitor),
            JsonSerializer.Serialize(optOut, ServiceJsonContext.Default.ServiceOptOut), _options.ReceiptRetention), cancellationToken);
        return optOut;
    }

    /// <summary>Withdraws the visitor's opt-out of the service.</summary>
    public Task OptInAsync(string service, string visitor, CancellationToken cancellationToken) =>
        RedisCall.Run(_redis.GetDatabase().KeyDeleteAsync(Keys.ServiceOptOut(service, visitor)), cancellationToken);

    /// <summary>Issues a single-use code for <paramref name="grant"/> that expires after <see cref="CodeLifetime"/>.</summary>
    public async Task<string> IssueCodeAsync(SyncGrant grant, CancellationToken cancellationToken)
    {
        var code = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await RedisCall.Run(_redis.GetDatabase().StringSetAsync(Keys.SyncCode(code),
            JsonSerializer.Serialize(grant, ServiceJsonContext.Default.SyncGrant), CodeLifetime, When.NotExists), cancellationToken);
        return code;
    }

    /// <summary>
    /// Takes a code: its grant, or <see langword="null"/> when it is unknown, expired or used. Taking deletes it, so
    /// a second attempt — right or wrong — finds nothing.
    /// </summary>
    public async Task<SyncGrant?> TakeCodeAsync(string code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 64)
        {
            return null;
        }
        var json = await RedisCall.Run(_redis.GetDatabase().StringGetDeleteAsync(Keys.SyncCode(code)), cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, ServiceJsonContext.Default.SyncGrant);
    }

    // A site's pointer is removed only if it still names this service (another may have taken the site since).
    private const string LeaveScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private static Task LeaveAsync(IDatabase database, string site, string service, CancellationToken cancellationToken) =>
        RedisCall.Run(database.ScriptEvaluateAsync(LeaveScript, [Keys.SiteService(site)], [service]), cancellationToken);

    private static string Base64UrlEncode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static DateTimeOffset Truncate(DateTimeOffset now) => now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
}
