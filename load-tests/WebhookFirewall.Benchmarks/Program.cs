using BenchmarkDotNet.Running;

namespace WebhookFirewall.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["memory-per-entry", ..])
        {
            MemoryStoreFootprint.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
            return;
        }

        if (args is ["ledger-per-entry", ..])
        {
            LedgerFootprint.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
