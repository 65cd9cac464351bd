using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.ApiKeys;
using CookieConsent.Core.Redis;
using CookieConsent.Server.Caching;
using CookieConsent.Server.Hosting;
using CookieConsent.Server.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CookieConsent.Server.Api;

/// <summary>
/// Endpoint filters for the route groups: a well-formed site id, then the admin key or the site's own key.
/// Refused keys count against the client's address; once over the limit every keyed request answers 429.
/// </summary>
internal static class Authentication
{
    // Not async: a valid id hands the caller's own task on, with no state machine of its own per request.
    public static RouteGroupBuilder RequireValidSiteId(this RouteGroupBuilder group) =>
        group.AddEndpointFilter((context, next) =>
            ConsentIds.IsValidSite(context.HttpContext.GetRouteValue("site") as string)
                ? next(context)
                : ValueTask.FromResult<object?>(Problems.Invalid("site", "A site id is 1 to 64 of a-z, 0-9 and '-'.")));

    public static RouteGroupBuilder RequireValidVisitorId(this RouteGroupBuilder group) =>
        group.AddEndpointFilter((context, next) =>
            ConsentIds.IsValidVisitor(context.HttpContext.GetRouteValue("visitor") as string)
                ? next(context)
                : ValueTask.FromResult<object?>(Problems.Invalid("visitor", "A visitor id is the canonical base64url of 16 to 32 random bytes.")));

    public static RouteGroupBuilder RequireAdminKey(this RouteGroupBuilder group) =>
        group.WithMetadata(new ApiKeyRequirement(ApiDocumentation.AdminKeyScheme)).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (LockedOut(http) is { } tooMany)
            {
                return tooMany;
            }
            var adminKey = http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.AdminKey;
            var presented = Bearer(http.Request);
            if (presented is null)
            {
                return Missing(http);
            }
            return adminKey.Length > 0 && FixedTimeEquals(presented, adminKey)
                ? await next(context)
                : Wrong(http, "The admin key is wrong.");
        });

    // The singletons are resolved once per endpoint, and a known key is found from the header in place: a request
    // with a cached key allocates nothing here.
    public static RouteGroupBuilder RequireSiteKey(this RouteGroupBuilder group) =>
        group.WithMetadata(new ApiKeyRequirement(ApiDocumentation.SiteKeyScheme)).AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices;
            var limiter = services.GetRequiredService<AuthFailureLimiter>();
            var keys = services.GetRequiredService<SiteKeyCache>();
            var server = services.GetRequiredService<IOptions<ServerOptions>>();
            var time = services.GetRequiredService<TimeProvider>();
            return async context =>
            {
                var http = context.HttpContext;
                var site = (string)http.GetRouteValue("site")!;
                if (limiter.IsLockedOut(http, out var retryAfter))
                {
                    return RateLimits.TooManyRequests(http, retryAfter);
                }
                if (!TryBearer(http.Request, out var header, out var start, out var length))
                {
                    return Missing(http);
                }
                var presentedSpan = header.AsSpan(start, length);
                var adminKey = server.Value.AdminKey;
                if (adminKey.Length > 0 && FixedTimeEquals(presentedSpan, adminKey))
                {
                    // Visitor data is for the site's own key: the admin key manages sites, it does not read consents.
                    return TypedResults.Problem("Use a key of this site; the admin key cannot access visitor data.",
                        statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
                }
                var known = keys.Find(presentedSpan);
                KeyCheck check;
                if (known is not null)
                {
                    check = known.Site == site ? KeyCheck.Valid : KeyCheck.OtherSite;
                }
                else
                {
                    var presented = header.Substring(start, length);
                    var trusted = keys.TryBegin(out var stamp);
                    try
                    {
                        check = await http.RequestServices.GetRequiredService<ApiKeyStore>().CheckAsync(site, presented, http.RequestAborted);
                    }
                    catch (StoreUnavailableException)
                    {
                        return Problems.Unavailable();
                    }
                    if (trusted && check is KeyCheck.Valid or KeyCheck.OtherSite)
                    {
                        known = keys.Add(presented, stamp);
                    }
                }
                switch (check)
                {
                    case KeyCheck.Valid:
                        if (known is null || known.UseNoteDue(time.GetUtcNow()))
                        {
                            NoteUseIfAnswered(http, site, header.Substring(start, length), known);
                        }
                        return await next(context);
                    case KeyCheck.OtherSite:
                        Log.KeyRejected(Logger(http), site, "key of another site");
                        return TypedResults.Problem("This key belongs to another site.",
                            statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
                    default:
                        Log.KeyRejected(Logger(http), site, "unknown, revoked or malformed key");
                        return Wrong(http, "The key is unknown, revoked or malformed.");
                }
            };
        });

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CookieConsent.Server.Api.Authentication");

    /// <summary>The public id of the site key that authenticated this request (for the audit log), or null.</summary>
    /// <remarks>Read again from the header the filter accepted: nothing is stored per request for the few that need it.</remarks>
    public static string? SiteKeyId(HttpContext http) =>
        Bearer(http.Request)?.Split('.') is [_, _, var keyId, _] ? keyId : null;

    // The console lists each key's last use: a request that answered without error, noted before the answer leaves
    // (so whoever reads after the answer sees it). A cached key skips it while its last note is recent (the caller
    // checks): the store would not write again within its resolution either.
    private static void NoteUseIfAnswered(HttpContext http, string site, string presented, SiteKeyCache.Entry? known) =>
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode >= StatusCodes.Status400BadRequest)
            {
                return Task.CompletedTask;
            }
            var services = http.RequestServices;
            known?.Noted(services.GetRequiredService<TimeProvider>().GetUtcNow());
            return services.GetRequiredService<ApiKeyStore>().NoteUseAsync(site, presented, http.RequestAborted);
        });

    // The key's place in the Authorization header ('Bearer <key>', surrounding white space trimmed), without copying it.
    private static bool TryBearer(HttpRequest request, out string header, out int start, out int length)
    {
        header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        start = length = 0;
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length <= scheme.Length)
        {
            return false;
        }
        var key = header.AsSpan(scheme.Length).Trim();
        start = header.Length - header.AsSpan(scheme.Length).TrimStart().Length;
        length = key.Length;
        // As before: a header of white space after the scheme is a key of length 0, refused as wrong, not as missing.
        return true;
    }

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }

    private static IResult? LockedOut(HttpContext http) =>
        http.RequestServices.GetRequiredService<AuthFailureLimiter>().IsLockedOut(http, out var retryAfter)
            ? RateLimits.TooManyRequests(http, retryAfter)
            : null;

    private static IResult Missing(HttpContext http)
    {
        if (!http.RequestServices.GetRequiredService<AuthFailureLimiter>().TryCountFailure(http, out var retryAfter))
        {
            return RateLimits.TooManyRequests(http, retryAfter);
        }
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem("Send the key as 'Authorization: Bearer <key>'.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Key required");
    }

    private static IResult Wrong(HttpContext http, string detail)
    {
        if (!http.RequestServices.GetRequiredService<AuthFailureLimiter>().TryCountFailure(http, out var retryAfter))
        {
            return RateLimits.TooManyRequests(http, retryAfter);
        }
        http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Invalid key");
    }

    // Over the characters themselves: no hashing or encoding per request; only a difference in length shows in the time.
    private static bool FixedTimeEquals(ReadOnlySpan<char> a, string b) =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(a), MemoryMarshal.AsBytes(b.AsSpan()));
}
