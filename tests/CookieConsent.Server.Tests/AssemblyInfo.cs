// Tests share one server and one redis-server; each uses its own site id.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
