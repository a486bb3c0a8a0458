namespace WebhookFirewall.Model;

/// <summary>The policies of one config snapshot, with the admission settings read at the same moment.</summary>
internal sealed class PolicySet(IReadOnlyDictionary<string, WebhookPolicy> policies, IReadOnlyCollection<string> definedNames, AdmissionSettings admission)
{
    /// <summary>The route metadata value for routes deliberately proxied without verification (YARP's own word).</summary>
    public const string Anonymous = "Anonymous";

    public IReadOnlyDictionary<string, WebhookPolicy> Policies { get; } = policies;

    /// <summary>Every policy name defined in config, valid or not (so a route naming a broken policy is not also reported as naming a missing one).</summary>
    public IReadOnlyCollection<string> DefinedNames { get; } = definedNames;

    /// <summary>Trusted proxies, named source ranges and rate-limit definitions of the same snapshot.</summary>
    public AdmissionSettings Admission { get; } = admission;
}
