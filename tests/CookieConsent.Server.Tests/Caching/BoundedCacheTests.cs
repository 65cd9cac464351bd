using CookieConsent.Core.Caching;

namespace CookieConsent.Server.Tests.Caching;

/// <summary>The CLOCK-evicted map under the read caches: its bound, and which entry makes room.</summary>
[TestClass]
public sealed class BoundedCacheTests
{
    [TestMethod]
    public void Count_NeverExceedsTheCapacity_AsTenTimesAsManyKeysArrive()
    {
        var cache = new BoundedCache<string, object>(1_000);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Set("key-" + i, new object());
            Assert.IsLessThanOrEqualTo(1_000, cache.Count);
        }

        Assert.AreEqual(1_000, cache.Count);
        Assert.IsNotNull(cache.Find("key-9999"), "the newest entry is kept");
        Assert.IsNull(cache.Find("key-0"), "the oldest, never read again, made room");
    }

    [TestMethod]
    public void CacheLargerThanItsFirstRing_GrowsToItsCapacity_AndThenEvicts()
    {
        var cache = new BoundedCache<int, object>(5_000);

        for (var i = 0; i < 20_000; i++)
        {
            cache.Set(i, new object());
        }

        Assert.AreEqual(5_000, cache.Count);
        for (var i = 15_000; i < 20_000; i++)
        {
            Assert.IsNotNull(cache.Find(i), "the last 5 000 keys set, none read since, are the ones kept");
        }
    }

    [TestMethod]
    public void Count_StaysWithinTheCapacity_UnderConcurrentInsertsAndReads()
    {
        var cache = new BoundedCache<int, object>(3_000);

        Parallel.For(0, 60_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            cache.Set(i, new object());
            cache.Find(i / 2);
        });

        Assert.IsLessThanOrEqualTo(3_000, cache.Count);
    }

    [TestMethod]
    public void EntryReadSinceTheHandPassed_GetsASecondChance_AndAnUnreadOneMakesRoom()
    {
        var cache = new BoundedCache<string, string>(3);
        cache.Set("a", "A");
        cache.Set("b", "B");
        cache.Set("c", "C");

        Assert.AreEqual("A", cache.Find("a"));
        cache.Set("d", "D");

        Assert.AreEqual("A", cache.Find("a"), "a was read, so the hand passed over it");
        Assert.IsNull(cache.Find("b"), "b was never read: it made room");
        Assert.AreEqual("C", cache.Find("c"));
        Assert.AreEqual("D", cache.Find("d"));
    }

    [TestMethod]
    public void SettingAKeptKey_ReplacesItsValue_WithoutEvictingAnything()
    {
        var cache = new BoundedCache<string, string>(2);
        cache.Set("a", "first");
        cache.Set("b", "B");

        cache.Set("a", "second");

        Assert.AreEqual("second", cache.Find("a"));
        Assert.AreEqual("B", cache.Find("b"));
        Assert.AreEqual(2, cache.Count);
    }

    [TestMethod]
    public void RemovedKey_IsNotFound_AndSettingItAgainKeepsTheBound()
    {
        var cache = new BoundedCache<string, string>(2);
        cache.Set("a", "A");
        cache.Set("b", "B");

        cache.Remove("a");
        Assert.IsNull(cache.Find("a"));
        cache.Set("a", "again");
        cache.Set("c", "C");

        Assert.IsLessThanOrEqualTo(2, cache.Count, "the removed entry's old slot counts toward the bound until reused");
        Assert.AreEqual("C", cache.Find("c"));
    }

    [TestMethod]
    public void EveryEntryHot_AnInsertStillMakesRoom_AndTheBoundHolds()
    {
        var cache = new BoundedCache<int, object>(BoundedCache<int, object>.MaxSweep * 4);
        for (var i = 0; i < cache.Capacity; i++)
        {
            cache.Set(i, new object());
        }
        for (var i = 0; i < cache.Capacity; i++)
        {
            cache.Find(i);
        }

        cache.Set(-1, new object());

        Assert.AreEqual(cache.Capacity, cache.Count);
        Assert.IsNotNull(cache.Find(-1));
    }

    [TestMethod]
    public void Clear_ForgetsEveryEntry_AndTheCacheFillsAgain()
    {
        var cache = new BoundedCache<string, string>(2);
        cache.Set("a", "A");
        cache.Set("b", "B");

        cache.Clear();

        Assert.AreEqual(0, cache.Count);
        Assert.IsNull(cache.Find("a"));
        cache.Set("c", "C");
        cache.Set("d", "D");
        Assert.AreEqual("C", cache.Find("c"));
        Assert.AreEqual(2, cache.Count);
    }
}
