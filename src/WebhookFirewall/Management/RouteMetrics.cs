using System.Globalization;
using Prometheus;
using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Management;

/// <summary>Pre-resolved label children for one route: the request path does no label lookups.</summary>
internal sealed class RouteMetrics
{
    private readonly Counter.Child[] _outcomes;
    private readonly Counter.Child?[] _failures;
    private readonly Histogram.Child _duration;
    private readonly FirewallMetrics _owner;
    private readonly string _policy;
    private Counter.Child[] _secretMatches = [];

    public RouteMetrics(FirewallMetrics owner, RouteBinding binding)
    {
        _owner = owner;
        _policy = binding.Policy?.Name ?? binding.PolicyName ?? PolicySet.Anonymous;
        var provider = binding.Policy?.Provider ?? "none";
        _outcomes = Enum.GetValues<RequestOutcome>().Select(o => owner.Requests.WithLabels(binding.RouteId, _policy, provider, o.ToLabel())).ToArray();
        _failures = new Counter.Child?[Problem.Failures.Max(f => (int)f.Failure) + 1];
        foreach (var (failure, problem) in Problem.Failures)
        {
            _failures[(int)failure] = owner.VerificationFailures.WithLabels(binding.RouteId, _policy, provider, problem.Code);
        }

        _duration = owner.VerificationDuration.WithLabels(provider);
    }

    public void Count(RequestOutcome outcome) => _outcomes[(int)outcome].Inc();

    public void VerificationFailed(FailureCode code) => _failures[(int)code]!.Inc();

    public void VerificationTook(TimeSpan elapsed) => _duration.Observe(elapsed.TotalSeconds);

    public void SecretMatched(int index)
    {
        if (index < 0)
        {
            return;
        }

        var matches = _secretMatches;
        if (index >= matches.Length)
        {
            // Rare (first use of each secret index); racing threads build equivalent arrays.
            matches = Enumerable.Range(0, index + 1).Select(i => _owner.SecretMatches.WithLabels(_policy, i.ToString(CultureInfo.InvariantCulture))).ToArray();
            _secretMatches = matches;
        }

        matches[index].Inc();
    }
}
