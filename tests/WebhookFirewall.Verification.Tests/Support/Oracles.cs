using System.Reflection;

namespace WebhookFirewall.Verification.Tests.Support;

/// <summary>Every <see cref="IProviderOracle"/> in this assembly: one per provider test class.</summary>
public static class Oracles
{
    public static IReadOnlyList<IProviderOracle> All { get; } = typeof(Oracles).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IProviderOracle).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IProviderOracle)Activator.CreateInstance(t)!)
        .ToArray();

    /// <summary>Flips one byte of the body, or appends one: the change every body-signing scheme must catch.</summary>
    public static void FlipBodyByte(Request request, Random random)
    {
        var body = request.Body;
        byte[] mutated = body.Length == 0 || random.Next(4) == 0 ? [.. body, (byte)random.Next(256)] : [.. body];
        if (mutated.Length == body.Length)
        {
            mutated[random.Next(mutated.Length)] ^= (byte)random.Next(1, 256);
        }

        request.WithBody(mutated);
    }

    /// <summary>Moves a numeric header (a signed timestamp) by a few seconds either way.</summary>
    public static void ShiftNumber(Request request, string header, Random random)
    {
        var value = long.Parse(request.Headers.Get(header).Value!, System.Globalization.CultureInfo.InvariantCulture);
        var shifted = value + (random.Next(1, 100) * (random.Next(2) == 0 ? 1 : -1));
        request.ReplaceHeader(header, shifted.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>One character of <paramref name="text"/> changed.</summary>
    public static string Change(string text, Random random)
    {
        var chars = text.ToCharArray();
        var at = random.Next(chars.Length);
        chars[at] = (char)(chars[at] ^ random.Next(1, 128));
        return new string(chars);
    }
}
