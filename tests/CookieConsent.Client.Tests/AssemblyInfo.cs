// Every test here is a pure function call on its own data.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
