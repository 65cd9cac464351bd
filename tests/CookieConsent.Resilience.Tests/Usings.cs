[assembly: Parallelize(Workers = 3, Scope = ExecutionScope.MethodLevel)]
