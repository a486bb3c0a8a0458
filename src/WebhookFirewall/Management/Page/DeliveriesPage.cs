namespace WebhookFirewall.Management.Page;

/// <summary>
/// <c>GET /deliveries</c>: the delivery ledger's page. One static document with no data in it (the page reads the
/// ledger API itself, with the management token when one is needed), so it is served without the token. Everything it
/// shows is sender input; the policy below lets only its own inline script and style run, and the script writes text
/// only, never markup.
/// </summary>
internal static class DeliveriesPage
{
    public const string Path = "/deliveries";

    public const string ContentType = "text/html; charset=utf-8";

    private const string ResourceName = "WebhookFirewall.Management.Page.deliveries.html";

    /// <summary>The document and its hashes, read from the assembly once.</summary>
    public static PageDocument Document { get; } = Load();

    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; script-src {Document.ScriptSource}; style-src {Document.StyleSource}; connect-src 'self'; frame-ancestors 'none'";

    /// <summary>Every header the page is sent with, besides <c>Content-Type</c> and <c>Content-Length</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers { get; } =
    [
        new("Content-Security-Policy", ContentSecurityPolicy),
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", "no-referrer"),
        new("Cache-Control", "no-store"),
    ];

    /// <summary>The same answer as <see cref="WriteAsync"/>, for endpoints that return results.</summary>
    public static IResult Result { get; } = new PageResult();

    /// <summary>Writes the page; usable directly as a <see cref="RequestDelegate"/>.</summary>
    public static Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = Document.Html.Length;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        return response.Body.WriteAsync(Document.Html, context.RequestAborted).AsTask();
    }

    private static PageDocument Load()
    {
        using var stream = typeof(DeliveriesPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return PageDocument.Parse(reader.ReadToEnd());
    }

    private sealed class PageResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext);
    }
}
