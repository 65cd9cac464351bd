using System.Text.Json.Serialization;
using CookieConsent.Client.Contracts;
using CookieConsent.Core.ApiKeys;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Services;
using CookieConsent.Core.Sites;
using CookieConsent.Core.Wording;
using CookieConsent.Protection;
using CookieConsent.Server.Api;
using CookieConsent.Server.Audit;
using CookieConsent.Server.Caching;
using CookieConsent.Server.Consent;
using CookieConsent.Server.Console;
using CookieConsent.Server.Health;
using CookieConsent.Server.Wording;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Server.Hosting;

/// <summary>Registers everything the server needs; Program.cs stays a table of contents.</summary>
internal static class ServerComposition
{
    public static WebApplicationBuilder AddConsentServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        builder.AddRedis();
        services.AddSingleton<SiteStore>();
        services.AddSingleton<WordingStore>();
        services.AddHostedService<WordingRegistration>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ConsentStore>();
        services.AddSingleton<ServiceStore>();
        services.AddSingleton<ConsentTokenProtector>();
        services.AddSingleton<ConsentRecorder>();
        services.AddReadCaches();
        var certificate = KeyRingCertificate.Load(builder.Configuration);
        if (certificate is null)
        {
            // KeyRingNotice says it once, with what to do, instead of DataProtection's warning for every new key
            // (event 35 of this category; its other warnings are about malformed rings, which fail readiness anyway).
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
            services.AddHostedService<KeyRingNotice>();
        }
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<CookieConsent.Server.HostedPages.HostedVisitorReference>();
        services.AddDataProtection()
            .PersistKeysToConsentKeyRing(certificate)
            // GCM adds 48 bytes to a payload where CBC+HMAC adds up to 99: consent cookies stay under 256 characters
            // even for 64-character site ids. Readers need no setting: each key names its own algorithm.
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            });
        services.AddAntiforgery();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Unbindable requests get their detail from BadRequestExceptionHandler; any other bare 400 still says something.
            if (context.ProblemDetails.Status == StatusCodes.Status400BadRequest && context.ProblemDetails.Detail is null
                && context.ProblemDetails is not HttpValidationProblemDetails)
            {
                context.ProblemDetails.Detail = "The request could not be read.";
            }
        });
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ConsentJsonContext.Default);
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // A consent record must be unambiguous and match the published schema: a repeated member or one the
            // schema does not know is refused, not silently resolved. Only requests are strict: the SDK reads
            // answers with ConsentJsonContext's own options, which tolerate members a newer server adds.
            options.SerializerOptions.AllowDuplicateProperties = false;
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        // Unbindable requests raise BadHttpRequestException in every environment, so the handler can say what was wrong.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(ApiDocumentation.Configure);
        services.AddHealthChecks()
            .AddCheck<RedisReadyCheck>("redis", tags: [RedisReadyCheck.ReadyTag])
            .AddCheck<KeyRingReadyCheck>("key-ring", tags: [RedisReadyCheck.ReadyTag]);
        return builder;
    }

    private static void AddRedis(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{ServerOptions.Section}:{nameof(ServerOptions.Redis)}"];
        string connectionString;
        if (string.IsNullOrWhiteSpace(configured))
        {
            var dataDir = builder.Configuration[$"{ServerOptions.Section}:{nameof(ServerOptions.DataDir)}"] ?? ".data";
            var local = LocalRedisServer.Start(dataDir);
            builder.Services.AddSingleton(sp => local.UseLogger(sp.GetRequiredService<ILogger<LocalRedisServer>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalRedisServer>());
            connectionString = local.ConnectionString;
        }
        else
        {
            connectionString = configured;
            builder.Services.AddHostedService<AppendOnlyCheck>();
        }
        // Fail-closed settings (timeouts from CookieConsent:RedisTimeout, fail-fast backlog, reconnect policy) come from
        // Core. The library's own logger stays off: it logs every reconnect attempt (5 a second during an outage) with
        // a stack trace; the stores already report an outage, throttled.
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp => RedisConnection.Connect(
            connectionString, sp.GetRequiredService<IOptions<ServerOptions>>().Value.RedisTimeout));
    }
}
