using StackExchange.Redis;

namespace CookieConsent.Core.Redis;

/// <summary>Turns every Redis failure into <see cref="StoreUnavailableException"/>, so callers fail closed.</summary>
/// <remarks>
/// The time bound comes from the multiplexer itself (<see cref="RedisConnection"/>: a fail-fast backlog and an async
/// timeout checked on a short heartbeat), not from a timer per call. The cancellation token only stops waiting for an
/// answer nobody wants any more, such as an aborted request.
/// </remarks>
internal static class RedisCall
{
    public static async Task<T> Run<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisTimeoutException ex)
        {
            throw new StoreUnavailableException("Redis did not answer in time.", ex);
        }
        catch (RedisException ex)
        {
            throw new StoreUnavailableException("Redis failed: " + ex.GetType().Name, ex);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            Observe(call);
            throw;
        }
    }

    public static async Task Run(Task call, CancellationToken cancellationToken)
    {
        try
        {
            await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisTimeoutException ex)
        {
            throw new StoreUnavailableException("Redis did not answer in time.", ex);
        }
        catch (RedisException ex)
        {
            throw new StoreUnavailableException("Redis failed: " + ex.GetType().Name, ex);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            Observe(call);
            throw;
        }
    }

    /// <summary>
    /// Sends a batch. With <see cref="BacklogPolicy.FailFast"/> and no server connected, <c>Execute</c> throws
    /// <see cref="RedisConnectionException"/> itself (measured with 3.4.35) besides faulting the batch's tasks: both
    /// are an unavailable store, and the faulted tasks are observed so they do not surface as unobserved exceptions.
    /// </summary>
    public static void Execute(IBatch batch, IEnumerable<Task> pending)
    {
        try
        {
            batch.Execute();
        }
        catch (RedisException ex)
        {
            foreach (var call in pending)
            {
                Observe(call);
            }
            throw new StoreUnavailableException("Redis failed: " + ex.GetType().Name, ex);
        }
    }

    // A call abandoned on cancellation may still fault later; observe it so it is not an unobserved task exception.
    private static void Observe(Task call) =>
        call.ContinueWith(t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
