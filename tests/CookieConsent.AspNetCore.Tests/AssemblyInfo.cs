// Tests share no state: each builds its own providers, clocks and services.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
