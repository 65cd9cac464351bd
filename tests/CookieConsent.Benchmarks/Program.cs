using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/CookieConsent.Benchmarks -- --filter '*' --job short
// (see docs/benchmarks.md for the commands and the recorded results)
// Each benchmark project is built again in its own folder: on a loaded 2-core machine that takes longer than the
// default two minutes. A benchmark that could not run makes the exit status non-zero, so scripts and CI notice.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
