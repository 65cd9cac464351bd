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

    /// <summary>
    /// The service-level visitor's opt-out, or <see langword="null"/> when they have not opted out (or opted back in).
    /// An opt-out of the layout before receipt chains still reads as one.
    /// </summary>
    public async Task<ServiceOptOut?> OptOutOfAsync(string service, string visitor, CancellationToken cancellationToken)
    {
        var values = await RedisCall.Run(_redis.GetDatabase().StringGetAsync(
            [ServiceVisitorKeys.Head(service, visitor), ServiceVisitorKeys.Legacy(service, visitor)]), cancellationToken);
        return !values[0].IsNull ? ReadHead(values[0]!)?.OptOut
            : values[1].IsNull ? null
            : JsonSerializer.Deserialize((string)values[1]!, ServiceJsonContext.Default.ServiceOptOut);
    }

    /// <summary>
    /// Records the visitor's opt-out of the whole service: a receipt appended to their chain, with the locale and
    /// wording version of the page it was made on (which the receipts written on each site name too). A "no" does not
    /// lapse: an opted-out visitor's receipts are kept with no expiry.
    /// </summary>
    public Task<ServiceOptOut?> OptOutAsync(
        string service, string visitor, IReadOnlyList<string> categories, string? locale, string? wording,
        CancellationToken cancellationToken) =>
        AppendAsync(service, visitor, optOut: true, categories, locale, wording, cancellationToken);

    /// <summary>
    /// Withdraws the visitor's opt-out of the service: a new receipt, not a deletion. Their receipts are then kept for
    /// <see cref="RedisStoreOptions.ReceiptRetention"/>.
    /// </summary>
    public Task<ServiceOptOut?> OptInAsync(
        string service, string visitor, IReadOnlyList<string> categories, string? locale, string? wording,
        CancellationToken cancellationToken) =>
        AppendAsync(service, visitor, optOut: false, categories, locale, wording, cancellationToken);

    /// <summary>
    /// The visitor's receipts, oldest first, with the chain check; <see langword="null"/> when they have none. An opt-out
    /// of the layout before chains shows as one receipt with nothing to verify it against.
    /// </summary>
    public async Task<ServiceReceiptExport?> ReceiptsAsync(
        string service, string visitor, IReadOnlyList<string> categories, CancellationToken cancellationToken)
    {
        var result = await RedisCall.Run(_redis.GetDatabase().ScriptEvaluateAsync(ReadScript,
            [ServiceVisitorKeys.Receipts(service, visitor), ServiceVisitorKeys.Head(service, visitor), ServiceVisitorKeys.Legacy(service, visitor)]),
            cancellationToken);
        var parts = (RedisResult[])result!;
        var headJson = parts[0].IsNull ? null : (string?)parts[0];
        var stored = ((RedisValue[])parts[1]!).Select(v => (string)v!).ToList();
        if (headJson is null && stored.Count == 0)
        {
            if (parts[2].IsNull || (string?)parts[2] is not { } legacyJson
                || JsonSerializer.Deserialize(legacyJson, ServiceJsonContext.Default.ServiceOptOut) is not { } legacy)
            {
                return null;
            }
            var first = ServiceReceiptChain.FromLegacy(service, visitor, legacyJson, legacy, categories);
            return new ServiceReceiptExport(service, visitor, true, [first.Receipt], new ReceiptChainCheck(false));
        }
        var head = headJson is null ? null : ReadHead(headJson);
        var chain = ServiceReceiptChain.Verify(service, visitor, stored, head?.Head);
        var receipts = stored.Select(ServiceReceiptChain.Parse).OfType<ConsentReceipt>().ToList();
        return new ServiceReceiptExport(service, visitor, head?.OptOut is not null, receipts, chain);
    }

    private async Task<ServiceOptOut?> AppendAsync(
        string service, string visitor, bool optOut, IReadOnlyList<string> categories, string? locale, string? wording,
        CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        RedisKey[] keys =
        [
            ServiceVisitorKeys.Receipts(service, visitor), ServiceVisitorKeys.Head(service, visitor), ServiceVisitorKeys.Legacy(service, visitor),
        ];
        // Optimistic: the script appends only if the head is still the one the new receipt links to; a concurrent
        // change from another tab makes it read and link again.
        for (var attempt = 0; ; attempt++)
        {
            var read = (RedisResult[])(await RedisCall.Run(database.ScriptEvaluateAsync(LastScript, keys), cancellationToken))!;
            var headJson = read[0].IsNull ? null : (string?)read[0];
            var last = read[1].IsNull ? null : (string?)read[1];
            var append = new List<RedisValue>();
            if (headJson is null && !read[2].IsNull && (string?)read[2] is { } legacyJson
                && JsonSerializer.Deserialize(legacyJson, ServiceJsonContext.Default.ServiceOptOut) is { } legacy)
            {
                // The old single record becomes the chain's first receipt: its history is kept, not replaced.
                var first = ServiceReceiptChain.FromLegacy(service, visitor, legacyJson, legacy, categories);
                append.Add(first.Stored);
                last = first.Stored;
            }
            var now = Truncate(_time.GetUtcNow());
            var (_, stored, hash) = ServiceReceiptChain.Append(service, visitor, optOut, categories, locale, wording, now, last);
            append.Add(stored);
            var state = optOut ? new ServiceOptOut(now, locale, wording) : null;
            var head = JsonSerializer.Serialize(new ServiceVisitorHead(hash, state), ServiceJsonContext.Default.ServiceVisitorHead);
            // Opted out: kept with no expiry (the "no" must not lapse). Opted back in: kept as long as receipts are.
            var ttl = optOut ? 0 : (long)_options.ReceiptRetention.TotalMilliseconds;
            RedisValue[] args = [headJson ?? "", head, ttl, .. append];
            var written = await RedisCall.Run(database.ScriptEvaluateAsync(AppendScript, keys, args), cancellationToken);
            if ((int)written == 1)
            {
                return state;
            }
            if (attempt == 4)
            {
                throw new StoreUnavailableException("The service visitor's receipts kept changing; nothing was recorded.");
            }
        }
    }

    private static ServiceVisitorHead? ReadHead(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ServiceJsonContext.Default.ServiceVisitorHead);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // KEYS: receipts, head, legacy. The head, the newest receipt and the old single record, read together.
    private const string LastScript = """
        return { redis.call('GET', KEYS[2]), redis.call('LINDEX', KEYS[1], -1), redis.call('GET', KEYS[3]) }
        """;

    // KEYS: receipts, head, legacy. The head, every receipt and the old single record, read together.
    private const string ReadScript = """
        return { redis.call('GET', KEYS[2]), redis.call('LRANGE', KEYS[1], 0, -1), redis.call('GET', KEYS[3]) }
        """;

    // KEYS: receipts, head, legacy. ARGV: the head the receipts link to ('' for none), the new head, TTL in ms (0: none),
    // then the receipts to append. Appends and moves the head in one step, only if nothing changed since the read;
    // the old single record is dropped in the same step (its opt-out is the chain's first receipt now).
    private const string AppendScript = """
        local current = redis.call('GET', KEYS[2])
        if (current or '') ~= ARGV[1] then
          return 0
        end
        for i = 4, #ARGV do
          redis.call('RPUSH', KEYS[1], ARGV[i])
        end
        redis.call('SET', KEYS[2], ARGV[2])
        local ttl = tonumber(ARGV[3])
        if ttl > 0 then
          redis.call('PEXPIRE', KEYS[1], ttl)
          redis.call('PEXPIRE', KEYS[2], ttl)
        else
          redis.call('PERSIST', KEYS[1])
        end
        redis.call('DEL', KEYS[3])
        return 1
        """;

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
