using StackExchange.Redis;

namespace CookieConsent.Core.Redis;

/// <summary>Puts our own timeout on a Redis call and turns every Redis failure into <see cref="StoreUnavailableException"/>.</summary>
internal static class RedisCall
{
    public static async Task<T> Run<T>(Task<T> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            Observe(call);
            throw new StoreUnavailableException($"Redis did not answer within {timeout.TotalMilliseconds} ms.", ex);
        }
        catch (RedisException ex)
        {
            throw new StoreUnavailableException("Redis failed: " + ex.GetType().Name, ex);
        }
    }

    public static Task Run(Task call, TimeSpan timeout, CancellationToken cancellationToken) =>
        Run(call.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), timeout, cancellationToken);

    /// <summary>Sends a batch. StackExchange.Redis 1.2.6 throws from <c>Execute</c> itself, not through the batch's
    /// tasks, when no server is connected; that is an unavailable store like any other.</summary>
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

    // A call abandoned on timeout may still fault later; observe it so it is not an unobserved task exception.
    private static void Observe(Task call) =>
        call.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
}
