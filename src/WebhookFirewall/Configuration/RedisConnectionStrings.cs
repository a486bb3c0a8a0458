using StackExchange.Redis;
using WebhookFirewall.Model;

namespace WebhookFirewall.Configuration;

/// <summary>
/// A Redis connection string the client library cannot parse is a start-up problem, not a crash when the store is
/// first built. Its text is never echoed: it may hold a password.
/// </summary>
internal static class RedisConnectionStrings
{
    public static void Check(string connectionString, string path, ICollection<ConfigProblem> problems)
    {
        try
        {
            var options = ConfigurationOptions.Parse(connectionString);
            if (options.EndPoints.Count == 0)
            {
                problems.Add(new ConfigProblem(path, "names no Redis endpoint (expected host:port, then options such as password=..., ssl=true)"));
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or RedisException or InvalidOperationException)
        {
            problems.Add(new ConfigProblem(path, "is not a StackExchange.Redis connection string (expected host:port, then options such as password=..., ssl=true); its text is not shown, it may hold a password"));
        }
    }
}
