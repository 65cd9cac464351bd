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

    /// <summary>
    /// Issues a call, then bounds it. Issuing can fail too: 1.2.6 sometimes throws synchronously while it reconnects
    /// (under load a <see cref="NullReferenceException"/> from inside the library was seen), and that is an
    /// unavailable store as well, not a 500.
    /// </summary>
    public static Task<T> Run<T>(Func<Task<T>> issue, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task<T> call;
        try
        {
            call = issue();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromException<T>(new StoreUnavailableException("Redis failed: " + ex.GetType().Name, ex));
        }
        return Run(call, timeout, cancellationToken);
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
        catch (Exception ex) when (ex is not OperationCanceledException)
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
