using BenchmarkDotNet.Attributes;
using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;

namespace CookieConsent.Benchmarks;

/// <summary>The shared decision rule for a six-category site, against one dictionary lookup of the stored choice.</summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private ConsentState _state = null!;
    private CategoryDefinition _analytics = null!;

    [GlobalSetup]
    public void Setup()
    {
        _state = BenchSite.State(_now);
        _analytics = BenchSite.Definition.Categories.Single(c => c.Id == "analytics");
    }

    [Benchmark(Baseline = true, Description = "Choices[\"analytics\"] (dictionary lookup)")]
    public bool StoredChoiceLookup() => _state.Choices["analytics"];

    [Benchmark(Description = "Decide(analytics), stored consent")]
    public CategoryDecision DecideOne() => ConsentDecider.Decide(BenchSite.Definition, _analytics, _state, ConsentSignals.None, _now);

    [Benchmark(Description = "DecideAll, stored consent")]
    public IReadOnlyList<CategoryDecision> DecideAllStored() =>
        ConsentDecider.DecideAll(BenchSite.Definition, _state, ConsentSignals.None, _now);

    [Benchmark(Description = "DecideAll, no consent")]
    public IReadOnlyList<CategoryDecision> DecideAllNoConsent() =>
        ConsentDecider.DecideAll(BenchSite.Definition, null, ConsentSignals.None, _now);

    [Benchmark(Description = "DecideAll, stored consent + GPC")]
    public IReadOnlyList<CategoryDecision> DecideAllGpc() =>
        ConsentDecider.DecideAll(BenchSite.Definition, _state, new ConsentSignals(false, true), _now);
}
