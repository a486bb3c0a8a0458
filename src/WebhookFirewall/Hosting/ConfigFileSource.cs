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
        var path = ResolvePath(requestedPath);
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
            // comes after them, so an operator can redefine or add ranges there.
            var ranges = new JsonConfigurationSource
            {
                Path = Path.Combine(AppContext.BaseDirectory, "config", "source-ranges.json"),
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
    /// The default path is relative to the current directory; when it is absent there, the sample shipped beside
    /// the binary is used, so the published binary runs from anywhere.
    /// </summary>
    private static string ResolvePath(string? requestedPath)
    {
        if (requestedPath is not null)
        {
            return requestedPath;
        }

        return File.Exists(DefaultPath) ? DefaultPath : Path.Combine(AppContext.BaseDirectory, DefaultPath);
    }

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
