using System.Globalization;
using CookieConsent.Core.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CookieConsent.Server.Caching;

/// <summary>
/// Listens on the invalidation channel and decides whether it can be trusted: the Redis client's connection-failed
/// event (a killed subscription, Redis down) drops the caches at once; a ping this instance publishes every
/// <see cref="ReadCacheOptions.SubscriptionCheckInterval"/> and hears back trusts them again, and one not heard back by
/// the next tick drops them (a subscription that died silently).
/// </summary>
internal sealed class InvalidationSubscription : BackgroundService
{
    private readonly IConnectionMultiplexer _redis;
    private readonly CacheCoherence _coherence;
    private readonly TimeSpan _interval;
    private readonly string _pingPrefix = "!" + Guid.NewGuid().ToString("N") + ":";
    private readonly Action<RedisChannel, RedisValue> _handler;
    private readonly Lock _gate = new();
    private Ping? _pending;
    private bool _subscribed;

    public InvalidationSubscription(IConnectionMultiplexer redis, CacheCoherence coherence, IOptions<ReadCacheOptions> options)
    {
        _redis = redis;
        _coherence = coherence;
        _interval = options.Value.SubscriptionCheckInterval;
        _handler = OnMessage;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            // Real time, not the injected clock: this watches a socket, and must tick in tests that freeze the clock.
            using var timer = new PeriodicTimer(_interval);
            do
            {
                await CheckAsync();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _redis.ConnectionFailed -= OnConnectionFailed;
            _redis.ConnectionRestored -= OnConnectionRestored;
            _coherence.Lose(reason: null);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_subscribed)
        {
            try
            {
                await _redis.GetSubscriber().UnsubscribeAsync(CacheInvalidation.Channel, _handler);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The multiplexer goes with the host; nothing is left to listen.
            }
        }
    }

    private async Task CheckAsync()
    {
        Ping? unanswered;
        lock (_gate)
        {
            unanswered = _pending;
        }
        if (unanswered is not null)
        {
            _coherence.Lose("a ping on the invalidation channel was not heard back");
        }
        // Subscribe at the first tick, and again after a ping went unanswered: the client restores a subscription
        // after a reconnect, but not one that Redis refused meanwhile (an ACL change, say).
        if (!_subscribed || unanswered is not null)
        {
            var subscriber = _redis.GetSubscriber();
            try
            {
                // Taken back first, so the handler is never registered twice.
                await subscriber.UnsubscribeAsync(CacheInvalidation.Channel, _handler);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
            }
            try
            {
                await subscriber.SubscribeAsync(CacheInvalidation.Channel, _handler);
                _subscribed = true;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is not there (or refuses): the caches stay off and the next tick tries again.
                _coherence.Lose("could not subscribe to the invalidation channel: " + ex.GetType().Name);
                _subscribed = false;
                lock (_gate)
                {
                    _pending = null;
                }
                return;
            }
        }
        await PingAsync();
    }

    private async Task PingAsync()
    {
        Ping ping;
        lock (_gate)
        {
            ping = new Ping((_pending?.Number ?? _last) + 1, _coherence.Epoch);
            _pending = ping;
            _last = ping.Number;
        }
        try
        {
            await _redis.GetSubscriber().PublishAsync(CacheInvalidation.Channel, _pingPrefix + ping.Number.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Not heard back, so the next tick drops the caches (the connection-failed event usually did already).
        }
    }

    private long _last;

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        var message = (string?)value;
        if (message is null)
        {
            return;
        }
        if (message.StartsWith('!'))
        {
            if (message.StartsWith(_pingPrefix, StringComparison.Ordinal)
                && long.TryParse(message.AsSpan(_pingPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                Ping? answered = null;
                lock (_gate)
                {
                    // Only the newest ping counts: an older one says nothing about the subscription since.
                    if (_pending is { } pending && pending.Number == number)
                    {
                        answered = pending;
                        _pending = null;
                    }
                }
                if (answered is not null)
                {
                    _coherence.Confirm(answered.Epoch);
                }
            }
            return;
        }
        if (CacheInvalidation.TryParse(message, out var change))
        {
            CacheInvalidation.Deliver(_redis, change);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        _coherence.Lose($"the {e.ConnectionType} connection failed ({e.FailureType})");

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // The client resubscribes by itself; a ping heard back proves it did (one sent too early is retried next tick).
        if (_subscribed)
        {
            _ = PingAsync();
        }
    }

    private sealed record Ping(long Number, long Epoch);
}
