using System.Text.Json;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace CookieConsent.Client.Checking;

/// <summary>
/// <see cref="IConsentChecker"/> over the API. A singleton that resolves the typed client per call, so the
/// client's pooled handlers keep rotating even when a long-lived worker holds the checker.
/// </summary>
internal sealed class ConsentChecker : IConsentChecker
{
    private readonly IServiceProvider _services;
    private readonly IOptions<CookieConsentClientOptions> _options;
    private readonly ILogger<ConsentChecker> _logger;

    public ConsentChecker(IServiceProvider services, IOptions<CookieConsentClientOptions> options, ILogger<ConsentChecker> logger)
    {
        _services = services;
        _options = options;
        _logger = logger;
    }

    public async Task<bool> CanTrackAsync(
        string visitorId, string category, ConsentSignals signals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visitorId);
        ArgumentNullException.ThrowIfNull(category);
        if (!ConsentIds.IsValidVisitor(visitorId))
        {
            Log.MalformedVisitorId(_logger, category);
            return false;
        }
        if (!ConsentIds.IsValidCategory(category))
        {
            Log.UnknownCategory(_logger, "(malformed)");
            return false;
        }

        try
        {
            var api = _services.GetRequiredService<ICookieConsentApi>();
            var decisions = await api.GetConsentAsync(_options.Value.SiteId!, visitorId, signals, cancellationToken).ConfigureAwait(false);
            // Refit hands back null for an empty or "null" body, and nulls inside for JSON of the wrong shape.
            if (decisions?.Categories is null)
            {
                Log.MalformedAnswer(_logger, category, null);
                return false;
            }
            if (decisions.PolicyVersion is null)
            {
                // The server has no record of this visitor: a mistyped id and a real visitor look the same from here.
                Log.UnknownVisitor(_logger, category);
                return false;
            }
            foreach (var decision in decisions.Categories)
            {
                if (decision.Category == category)
                {
                    if (!decision.Allowed)
                    {
                        Log.Denied(_logger, category, decision.Reason);
                    }
                    return decision.Allowed;
                }
            }
            Log.UnknownCategory(_logger, category);
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ConsentApiException e) when (e.Status == 404)
        {
            Log.UnknownVisitor(_logger, category);
            return false;
        }
        catch (ConsentApiException e)
        {
            Log.ErrorAnswer(_logger, category, e.Status, e.Title);
            return false;
        }
        catch (ApiRequestException e)
        {
            // No answer: what stood in the way is the inner exception.
            switch (e.InnerException)
            {
                case BrokenCircuitException:
                    Log.CircuitOpen(_logger, category);
                    break;
                case TimeoutRejectedException or OperationCanceledException:
                    Log.TimedOut(_logger, category);
                    break;
                case HttpRequestException inner:
                    Log.Unreachable(_logger, category, inner.HttpRequestError, inner);
                    break;
                default:
                    Log.Unexpected(_logger, category, e);
                    break;
            }
            return false;
        }
        catch (OperationCanceledException)
        {
            // Not the caller's token: HttpClient's own timeout, the backstop behind the pipeline's.
            Log.TimedOut(_logger, category);
            return false;
        }
        catch (Exception e) when (e is ApiException or JsonException or NotSupportedException or InvalidOperationException)
        {
            // Refit reports an answer it could not read as an ApiException around the JsonException.
            Log.MalformedAnswer(_logger, category, e);
            return false;
        }
#pragma warning disable CA1031 // The contract is "false on any doubt": an unforeseen failure is a doubt too.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.Unexpected(_logger, category, e);
            return false;
        }
    }
}
