// Every test opens its own browser context (fresh cookies); the apps and the browser are shared.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
