using CookieConsent.Core.Consent;
using StackExchange.Redis;

namespace CookieConsent.Server.Tests.Infrastructure;

/// <summary>
/// The site-day digest as releases before the visitor index wrote it: the same count and XOR, the visitors in a set
/// (<c>…:digest:yyyyMMdd:v</c>), with that release's own script.
/// </summary>
internal static class PreviousReleaseDigest
{
    private const string Script = """
        local x = redis.call('HGET', KEYS[1], 'x') or '00000000000000000000000000000000'
        local t = ARGV[1]
        local out = {}
        for i = 1, 32, 8 do
          out[#out + 1] = bit.tohex(bit.bxor(tonumber(string.sub(x, i, i + 7), 16), tonumber(string.sub(t, i, i + 7), 16)), 8)
        end
        redis.call('HSET', KEYS[1], 'x', table.concat(out))
        redis.call('HINCRBY', KEYS[1], 'n', ARGV[2])
        if tonumber(ARGV[2]) > 0 then
          redis.call('SADD', KEYS[2], ARGV[3])
        end
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          redis.call('PEXPIRE', KEYS[2], ARGV[4])
        end
        return 1
        """;

    public static Task AddAsync(IDatabase database, string site, DateOnly day, string visitor, string hash, TimeSpan keep) =>
        database.ScriptEvaluateAsync(Script,
            [$"cc:{{{site}}}:digest:{day:yyyyMMdd}", $"cc:{{{site}}}:digest:{day:yyyyMMdd}:v"],
            [ReceiptChain.Hex(hash), 1, visitor, (long)keep.TotalMilliseconds]);
}
