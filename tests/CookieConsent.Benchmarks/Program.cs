using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/CookieConsent.Benchmarks -- --filter '*' --job short
// (see docs/benchmarks.md for the commands and the recorded results)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
