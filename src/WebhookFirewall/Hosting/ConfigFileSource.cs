using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.KeyPerFile;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using WebhookFirewall.Model;

namespace WebhookFirewall.Hosting;

/// <summary>
/// Puts the `--config` file where it belongs in the source order: after appsettings.json and before environment
/// variables and the command line, so that any key of the file can be overridden without editing it.
/// </summary>
internal static class ConfigFileSource
{
    public const string DefaultPath = "config/firewall.json";

    public static ConfigProblem? Insert(ConfigurationManager configuration, string? requestedPath, string? secretsDirectory = null)
    {
        if (ResolvePath(requestedPath) is not { } path)
        {
            return new ConfigProblem("--config", $"no configuration: pass --config FILE (or run from a directory holding {DefaultPath}); `demo` serves the sample");
        }

        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        var initialLoadDone = false;
        var source = new JsonConfigurationSource
        {
            Path = Path.GetFileName(fullPath),
            Optional = false,
            ReloadOnChange = true,
            // Editors replace files via rename; the watcher must see every file, dotfiles included.
            FileProvider = Directory.Exists(directory) ? new PhysicalFileProvider(directory, ExclusionFilters.None) : null,
            OnLoadException = context =>
            {
                // At start-up the error stops the process; on reload an unreadable file must not crash it. The file
                // provider then holds no data, which the validated config provider refuses as a whole.
                context.Ignore = initialLoadDone;
            },
        };
        if (source.FileProvider is null || !File.Exists(fullPath))
        {
            return new ConfigProblem("--config", $"the config file '{path}' does not exist");
        }

        var sources = configuration.Sources;
        var index = LastIndexOfAppSettings(sources) + 1;
        try
        {
            // Provider address ranges shipped beside the binary, usable by name in AllowedSources; the config file
            // comes after them, so an operator can redefine or add ranges there. They live outside config/, which a
            // container mounts its own config over.
            var ranges = new JsonConfigurationSource
            {
                Path = Path.Combine(AppContext.BaseDirectory, "ranges", "source-ranges.json"),
                Optional = true,
                ReloadOnChange = false,
            };
            ranges.ResolveFileProvider();
            sources.Insert(index++, ranges);
            sources.Insert(index, source);
            if (secretsDirectory is not null)
            {
                if (!Directory.Exists(secretsDirectory))
                {
                    return new ConfigProblem("--secrets-dir", $"the secrets directory '{secretsDirectory}' does not exist");
                }

                // One file per key, named with `__` between levels (Kubernetes and Docker secrets); it overrides the
                // file and is overridden by environment variables and the command line.
                sources.Insert(index + 1, new KeyPerFileConfigurationSource
                {
                    FileProvider = new PhysicalFileProvider(Path.GetFullPath(secretsDirectory), ExclusionFilters.None),
                    Optional = false,
                    ReloadOnChange = true,
                });
            }
        }
        catch (InvalidDataException e)
        {
            return new ConfigProblem("--config", $"the config file '{path}' could not be read: {e.InnerException?.Message ?? e.Message}");
        }

        initialLoadDone = true;
        return null;
    }

    /// <summary>
    /// `--config FILE`, else `config/firewall.json` in the current directory. There is no fallback: the sample shipped
    /// beside the binary holds secrets everyone can read, so only `demo` uses it, by naming it.
    /// </summary>
    private static string? ResolvePath(string? requestedPath) =>
        requestedPath ?? (File.Exists(DefaultPath) ? DefaultPath : null);

    /// <summary>The sample config beside the binary: what `demo` serves.</summary>
    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "sample", "firewall.json");

    private static int LastIndexOfAppSettings(IList<IConfigurationSource> sources)
    {
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } p } && p.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
