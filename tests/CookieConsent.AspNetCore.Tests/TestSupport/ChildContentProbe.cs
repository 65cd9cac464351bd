using System.Collections.Concurrent;

namespace CookieConsent.AspNetCore.Tests.TestSupport;

/// <summary>Counts executions of Razor code inside a tag helper's content, per test key.</summary>
public static class ChildContentProbe
{
    private static readonly ConcurrentDictionary<string, int> Counts = new();

    public static void Touch(string key) => Counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public static int Count(string key) => Counts.TryGetValue(key, out var n) ? n : 0;
}
