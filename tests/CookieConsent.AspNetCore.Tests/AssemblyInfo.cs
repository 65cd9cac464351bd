// Every test builds its own site, view and HttpContext.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
