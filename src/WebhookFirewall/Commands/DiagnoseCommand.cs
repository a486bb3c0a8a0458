using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using WebhookFirewall.Configuration;
using WebhookFirewall.Hosting;
using WebhookFirewall.Ledger;
using WebhookFirewall.Management;
using WebhookFirewall.Model;
using WebhookFirewall.Pipeline;
using WebhookFirewall.Verification;
using Yarp.ReverseProxy.Configuration;

namespace WebhookFirewall.Commands;

/// <summary>
/// `diagnose --config FILE --route R --request-file F [--at TIME] [--client IP]`: what the firewall would answer a
/// captured request at a given time — the ledger's outcome, status, code and reason — without listening, forwarding
/// or fetching anything: keys are the pinned or configured ones only. The checks are the pipeline's own, in its
/// order: size, allowed sources (with `--client`), the request's shape, verification, Report mode.
/// </summary>
internal static class DiagnoseCommand
{
    private const string Usage = """
        usage: diagnose --config FILE --route ROUTE --request-file FILE [--at TIME] [--client IP]
               FILE holds one raw HTTP/1.1 request (request line, headers, blank line, body; CRLF or LF)
               TIME is RFC 3339 (2026-12-01T12:00:00Z) or Unix seconds; default now
        exit:  0 forwarded (verified) or handshake answered, 1 refused, 2 unusable input, 3 cannot tell offline,
               4 forwarded unverified (Report mode)
        """;

    private static readonly string[] OwnOptions = ["--route", "--request-file", "--at", "--client"];

    public static async Task<int> RunAsync(string[] args)
    {
        var routeId = CommandLine.Option(args, "--route");
        var file = CommandLine.Option(args, "--request-file");
        if (routeId is null || file is null || !TryReadTime(CommandLine.Option(args, "--at"), out var at) || !TryReadClient(CommandLine.Option(args, "--client"), out var client))
        {
            Console.Error.WriteLine(Usage);
            return Diagnosis.Unusable;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{file}: {e.Message}");
            return Diagnosis.Unusable;
        }

        if (RawHttpRequest.Parse(bytes, out var parseProblem) is not { } request)
        {
            Console.Error.WriteLine($"{file}: {parseProblem}");
            return Diagnosis.Unusable;
        }

        // Offline: diagnose never fetches a key (nor confirms an SNS subscription); what needs one says so (exit 3).
        var build = FirewallApplication.Build(WithoutOwnOptions(args), services: services => services.AddSingleton(ProviderEnvironment.Offline));
        if (!build.Succeeded)
        {
            return ProblemPrinter.Print(build.Problems);
        }

        await using var app = build.App!;
        var routes = app.Services.GetRequiredService<IProxyConfigProvider>().GetConfig().Routes;
        var route = routes.FirstOrDefault(r => string.Equals(r.RouteId, routeId, StringComparison.OrdinalIgnoreCase));
        if (route is null)
        {
            Console.Error.WriteLine($"No route '{routeId}' in this config (routes: {string.Join(", ", routes.Select(r => r.RouteId))})");
            return Diagnosis.Unusable;
        }

        var binding = app.Services.GetRequiredService<RouteBindings>().Find(route)!;
        var diagnosis = await DiagnoseAsync(binding, request, at, client, app.Services.GetRequiredService<FirewallMetrics>());
        Print(binding, request, at, diagnosis);
        return diagnosis.ExitCode;
    }

    internal static async Task<Diagnosis> DiagnoseAsync(RouteBinding binding, RawHttpRequest request, DateTimeOffset at, IPAddress? client, FirewallMetrics metrics)
    {
        if (binding.Policy is not { } policy)
        {
            var anonymous = new Diagnosis("forwarded", 0, null, "An Anonymous route: forwarded without verification, and not recorded in the ledger.", Diagnosis.Forwarded);
            return anonymous;
        }

        var http = HttpContextFor(request, client);
        var webhook = new WebhookContext(http, binding, metrics.For(binding), 0);
        if (request.Headers.ContentLength > policy.MaxBodyBytes || request.Body.Length > policy.MaxBodyBytes)
        {
            return Refused(Problem.PayloadTooLarge, RequestOutcome.TooLarge, null);
        }

        var notes = new List<string>();
        if (policy.AllowedSources is { } allowed)
        {
            if (client is null)
            {
                notes.Add("AllowedSources not checked: give the sender's address with --client.");
            }
            else if (!allowed.Contains(client))
            {
                return Refused(Problem.SourceNotAllowed, RequestOutcome.SourceNotAllowed, null);
            }
        }

        if (RequestShapeStep.Refusal(http, webhook) is { } shape)
        {
            return Refused(shape, RequestOutcome.BadRequest, null);
        }

        var result = await policy.Verifier.VerifyAsync(new WebhookRequest(request.Method, new RequestHeaders(request.Headers), request.Body, at, request.Query, request.Path), CancellationToken.None);
        var diagnosis = Verdict(policy, result);
        if (binding.RateLimit is not null || binding.MaxConcurrentRequests is not null)
        {
            notes.Add("Rate limits and the concurrency cap are not simulated.");
        }

        if (diagnosis.ExitCode == Diagnosis.Forwarded && diagnosis.Outcome == "forwarded" && policy.Idempotency.Enabled)
        {
            notes.Add("The idempotency store is not consulted: a repeat of a delivery already completed would be answered as a duplicate.");
        }

        if (result.DeliveryId is { } id)
        {
            notes.Add($"Delivery id: {id}");
        }

        if (result.SecretIndex >= 0)
        {
            notes.Add($"Verified with secret {result.SecretIndex}.");
        }

        if (result.Timestamp is { } signed)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Signed timestamp {signed:O}: {(at - signed).TotalSeconds:F0} s before --at (replay window {policy.Verifier.SignsTimestamp switch { true => "applies", false => "not used" }})."));
        }

        diagnosis.Notes.AddRange(notes);
        return diagnosis;
    }

    private static Diagnosis Verdict(WebhookPolicy policy, in VerificationResult result)
    {
        switch (result.Outcome)
        {
            case VerificationOutcome.Challenge:
                return new Diagnosis("challenge", result.Handshake!.StatusCode, null, Reasons.Challenge, Diagnosis.Forwarded);
            case VerificationOutcome.Verified:
                return new Diagnosis("forwarded", 0, null, "Verified: forwarded to the route's cluster, marked X-Webhook-Verification: verified.", Diagnosis.Forwarded);
        }

        var problem = Problem.For(result.Failure);
        var reason = result.Reason ?? Reasons.For(problem.Code, RequestOutcome.Rejected);
        if (result.Failure == FailureCode.KeyUnavailable)
        {
            // Offline, only pinned or configured keys are held: a key the firewall would fetch is not.
            return new Diagnosis("key_unavailable", problem.Status, problem.Code + " (offline)", reason, Diagnosis.Undetermined);
        }

        return policy.Mode == PolicyMode.Report
            ? new Diagnosis("report_only", 0, problem.Code, reason + " (Report mode: forwarded anyway, marked X-Webhook-Verification: failed.)", Diagnosis.ForwardedUnverified)
            : new Diagnosis("rejected", problem.Status, problem.Code, reason, Diagnosis.Refused);
    }

    private static Diagnosis Refused(Problem problem, RequestOutcome outcome, string? reason) =>
        new(outcome.ToLabel(), problem.Status, problem.Code, reason ?? Reasons.For(problem.Code, outcome), Diagnosis.Refused);

    private static void Print(RouteBinding binding, RawHttpRequest request, DateTimeOffset at, Diagnosis diagnosis)
    {
        var policy = binding.Policy;
        Console.WriteLine($"route:   {binding.RouteId} ({(policy is null ? "Anonymous" : $"policy {policy.Name}, provider {policy.Provider}, {policy.Mode}")})");
        Console.WriteLine($"request: {request.Method} {request.Path}, {request.Body.Length} body bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(request.Body))}");
        Console.WriteLine($"at:      {at.ToString("O", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"outcome: {diagnosis.Outcome}");
        Console.WriteLine($"status:  {(diagnosis.Status == 0 ? "the upstream's" : diagnosis.Status.ToString(CultureInfo.InvariantCulture))}");
        Console.WriteLine($"code:    {diagnosis.Code ?? "-"}");
        Console.WriteLine($"reason:  {diagnosis.Reason ?? "-"}");
        foreach (var note in diagnosis.Notes)
        {
            Console.WriteLine($"note:    {note}");
        }
    }

    private static DefaultHttpContext HttpContextFor(RawHttpRequest raw, IPAddress? client)
    {
        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = raw.Method;
        request.Path = PathString.FromUriComponent(raw.Path);
        request.QueryString = new QueryString(raw.Query.Length == 0 ? null : raw.Query);
        foreach (var (name, values) in raw.Headers)
        {
            request.Headers[name] = values;
        }

        http.Connection.RemoteIpAddress = client ?? IPAddress.Loopback;
        return http;
    }

    private static bool TryReadTime(string? text, out DateTimeOffset at)
    {
        at = DateTimeOffset.UtcNow;
        if (text is null)
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            at = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
    }

    private static bool TryReadClient(string? text, out IPAddress? client)
    {
        client = null;
        return text is null || IPAddress.TryParse(text, out client);
    }

    private static string[] WithoutOwnOptions(string[] args)
    {
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (Array.IndexOf(OwnOptions, args[i]) >= 0)
            {
                i++;
            }
            else if (!Array.Exists(OwnOptions, o => args[i].StartsWith(o + "=", StringComparison.Ordinal)))
            {
                rest.Add(args[i]);
            }
        }

        return [.. rest];
    }
}
