using CookieConsent.AspNetCore.Verification;

namespace CookieConsent.AspNetCore.Tests.Verification;

[TestClass]
public sealed class VerificationCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Answer_IsFoundByTheWholeValue_OnlyWhileFresh_AndOnlyForItsScope()
    {
        var cache = new VerificationCache(100);
        var scope = new object();
        var answer = new VerifiedConsent(VerificationOutcome.Valid, "visitor");
        cache.Set("token-value", answer, Now.AddSeconds(10), Now, scope);

        Assert.IsTrue(cache.TryGet("token-value", Now.AddSeconds(9), scope, out var found));
        Assert.AreSame(answer, found);
        Assert.IsFalse(cache.TryGet("token-valu", Now, scope, out _), "a prefix is another value");
        Assert.IsFalse(cache.TryGet("token-valuE", Now, scope, out _), "values compare ordinally");
        Assert.IsFalse(cache.TryGet("token-value", Now, new object(), out _), "decided for another site definition");
        Assert.IsFalse(cache.TryGet("token-value", Now.AddSeconds(10), scope, out _), "expired");
    }

    [TestMethod]
    public void AnswerThatIsAlreadyStale_IsNotKept()
    {
        var cache = new VerificationCache(100);
        cache.Set("token-value", VerifiedConsent.Invalid, Now, Now, scope: null);

        Assert.IsFalse(cache.TryGet("token-value", Now.AddTicks(-1), null, out _));
    }

    [TestMethod]
    public void ManyDistinctCookies_StayWithinTheSize_AndTheNewestIsKept()
    {
        var cache = new VerificationCache(50);
        for (var i = 0; i < 1000; i++)
        {
            cache.Set("token-" + i, VerifiedConsent.Invalid, Now.AddMinutes(1), Now, scope: null);
        }

        Assert.IsLessThanOrEqualTo(50, cache.Count);
        Assert.IsTrue(cache.TryGet("token-999", Now, null, out _));
    }
}
