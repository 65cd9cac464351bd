using System.Text.Json.Serialization;
using CookieConsent.AspNetCore.KeyRing;
using CookieConsent.AspNetCore.Tokens;
using CookieConsent.Contracts;
using CookieConsent.Core.ApiKeys;
using CookieConsent.Core.Audit;
using CookieConsent.Core.Consent;
using CookieConsent.Core.Redis;
using CookieConsent.Core.Sites;
using CookieConsent.Server.Audit;
using CookieConsent.Server.Consent;
using CookieConsent.Server.Console;
using CookieConsent.Server.Health;
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
        services.AddOptions<RedisStoreOptions>().Configure<IOptions<ServerOptions>>((store, server) =>
            store.CallTimeout = server.Value.RedisTimeout);
        services.TryAddSingleton(TimeProvider.System);

        builder.AddRedis();
        services.AddSingleton<SiteStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ConsentStore>();
        services.AddSingleton<ConsentTokenProtector>();
        services.AddSingleton<ConsentRecorder>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ConsoleSessions>();
        services.AddDataProtection()
            .PersistKeysToConsentKeyRing()
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
            // Minimal APIs answer an unreadable body with a bare 400; say what was wrong.
            if (context.ProblemDetails.Status == StatusCodes.Status400BadRequest && context.ProblemDetails.Detail is null
                && context.ProblemDetails is not HttpValidationProblemDetails)
            {
                context.ProblemDetails.Detail = "The request could not be read: check the JSON body and its content type.";
            }
        });
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ConsentJsonContext.Default);
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(ApiDocumentation.Configure);
        services.AddHealthChecks().AddCheck<RedisReadyCheck>("redis", tags: [RedisReadyCheck.ReadyTag]);
        return builder;
    }

    private static void AddRedis(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"{ServerOptions.Section}:{nameof(ServerOptions.Redis)}"];
        string connectionString;
        if (string.IsNullOrWhiteSpace(configured))
        {
            using var loggers = LoggerFactory.Create(logging => logging.AddConsole());
            var dataDir = builder.Configuration[$"{ServerOptions.Section}:{nameof(ServerOptions.DataDir)}"] ?? ".data";
            var local = LocalRedisServer.Start(dataDir, loggers);
            builder.Services.AddSingleton(local);
            builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalRedisServer>());
            connectionString = local.ConnectionString;
        }
        else
        {
            connectionString = configured;
            builder.Services.AddHostedService<AppendOnlyCheck>();
        }
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => Connect(connectionString));
    }

    private static ConnectionMultiplexer Connect(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        // Start even when Redis is down: /health/ready says so, reads fail closed, and it reconnects by itself.
        options.AbortOnConnectFail = false;
        var redis = ConnectionMultiplexer.Connect(options);
        // Completions need not be ordered per connection; ordering them serialises every continuation.
        redis.PreserveAsyncOrder = false;
        return redis;
    }
}
