using System.Security.Cryptography;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;
using CookieConsent.Core.Consent;

namespace CookieConsent.Core.Services;

/// <summary>
/// What a service-level decision changes on one site: the consent (source <see cref="ConsentSource.Service"/>) that
/// <see cref="ConsentStore.WriteAsync"/> then stores with its receipt like any other choice.
/// </summary>
public static class ServiceConsent
{
    /// <summary>
    /// After an opt-out: the covered categories the site has refused (source <c>service</c>), every other choice kept.
    /// After opting back in: the refusals the service made withdrawn (the site's own choices apply again).
    /// <see langword="null"/> when nothing would change. <paramref name="optOut"/> names the page the opt-out was made on.
    /// </summary>
    public static PreparedConsent? Prepare(
        string site, string visitor, SiteDefinition definition, ConsentState? current, ServiceDefinition service, bool optedOut,
        string revision, DateTimeOffset now, ServiceOptOut? optOut = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(service);
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var choices = new Dictionary<string, bool>(StringComparer.Ordinal);
        var refusals = new Dictionary<string, CategoryRefusal>(StringComparer.Ordinal);
        var changed = false;
        foreach (var category in definition.Categories.Where(c => !c.Required))
        {
            var covered = service.Categories.Contains(category.Id, StringComparer.Ordinal);
            var has = current?.Choices.TryGetValue(category.Id, out var allowed) == true;
            var refusal = has ? current!.RefusalOf(category.Id) : null;
            if (optedOut && covered && refusal is null)
            {
                choices[category.Id] = false;
                refusals[category.Id] = new CategoryRefusal(now, ConsentSource.Service);
                changed = true;
            }
            else if (!optedOut && refusal?.Source == ConsentSource.Service)
            {
                // Withdrawn: the category is as if never answered on this site.
                changed = true;
            }
            else if (has)
            {
                choices[category.Id] = current!.Choices[category.Id];
                if (refusal is not null)
                {
                    refusals[category.Id] = refusal;
                }
            }
        }
        if (!changed)
        {
            return null;
        }
        var policyVersion = current?.PolicyVersion ?? ConsentDecider.CurrentPolicyVersion(definition, now);
        var expiresAt = current?.ExpiresAt ?? now + TimeSpan.FromDays(definition.ConsentLifetimeDays);
        var receipt = new ConsentReceipt(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), site, visitor, now, policyVersion, choices,
            ConsentSignals.None, ConsentSource.Service, expiresAt, IpPrefix: null, UserAgentFamily: null,
            // The visitor chose on the service's own page, not on this site's banner: the site's current notice is named,
            // and the control is what that page offers (opt out, or opt back in).
            // The locale and wording are those of the service's opt-out page, when the opt-out was made there.
            revision, Locale: optOut?.Locale, Wording: optOut?.Wording,
            Control: optedOut ? ConsentControl.RejectAll : ConsentControl.Save, Surface: ConsentSurface.Service);
        var state = new ConsentState(choices, policyVersion, now, expiresAt, ConsentSignals.None, ConsentSource.Service, receipt.Id, refusals);
        return new PreparedConsent(receipt, state, expiresAt > now ? expiresAt - now : TimeSpan.FromSeconds(1));
    }
}
