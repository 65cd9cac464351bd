using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.RateLimiting;

/// <summary>
/// Rate limiting with ASP.NET Core's limiter: named policies for writes and form posts, and a failure-counting
/// limiter for key authentication. Rejections are 429 problem details with <c>Retry-After</c>.
/// </summary>
public static class RateLimits
{
    /// <summary>Policy for consent writes and erasures through the API; attach with <c>RequireRateLimiting</c>.</summary>
    public const string Writes = "consent-writes";

    /// <summary>Policy for form posts of the hosted consent pages; attach with <c>RequireRateLimiting</c>.</summary>
    public const string FormPosts = "consent-form-posts";

    /// <summary>The problem type of a 429 (RFC 6585 §4), which ASP.NET Core's defaults do not name.</summary>
    internal const string TooManyRequestsType = "https://www.rfc-editor.org/rfc/rfc6585#section-4";

    /// <summary>Registers the policies and the key-failure limiter, configured from <c>CookieConsent:RateLimits</c>.</summary>
    public static IServiceCollection AddConsentRateLimits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => IsValid(o.Writes) && IsValid(o.FormPosts) && IsValid(o.AuthFailures),
                $"{RateLimitOptions.Section}: every PermitLimit must be at least 1 and every Window between 1 ms and 1 day.")
            .ValidateOnStart();
        services.TryAddSingleton<AuthFailureLimiter>();
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Writes, http => PerClient(http, o => o.Writes));
            options.AddPolicy(FormPosts, http => PerClient(http, o => o.FormPosts));
            options.OnRejected = (context, _) =>
            {
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
                return new ValueTask(TooManyRequests(context.HttpContext, retryAfter).ExecuteAsync(context.HttpContext));
            };
        });
        return services;
    }

    /// <summary>429 problem details with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    internal static IResult TooManyRequests(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem($"Too many requests from this address; try again in {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", type: TooManyRequestsType);
    }

    /// <summary>
    /// The partition of a client: its IPv4 address, or its IPv6 /64 (one subscriber usually holds a whole /64).
    /// Used only as an in-memory key, never logged.
    /// </summary>
    internal static string ClientPartition(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    internal static FixedWindowRateLimiterOptions LimiterOptions(RateLimitRule rule) => new()
    {
        PermitLimit = rule.PermitLimit,
        Window = rule.Window,
        QueueLimit = 0,
        // The partitioned limiter's own heartbeat replenishes; no timer per client.
        AutoReplenishment = false,
    };

    private static RateLimitPartition<string> PerClient(HttpContext http, Func<RateLimitOptions, RateLimitRule> rule)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        return options.Enabled
            ? RateLimitPartition.GetFixedWindowLimiter(ClientPartition(http), _ => LimiterOptions(rule(options)))
            : RateLimitPartition.GetNoLimiter("off");
    }

    private static bool IsValid(RateLimitRule? rule) =>
        rule is not null && rule.PermitLimit >= 1 && rule.Window >= TimeSpan.FromMilliseconds(1) && rule.Window <= TimeSpan.FromDays(1);
}
