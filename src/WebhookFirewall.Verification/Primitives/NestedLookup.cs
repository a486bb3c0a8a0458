namespace WebhookFirewall.Verification.Primitives;

internal enum NestedLookup
{
    /// <summary>The body is not one well-formed JSON object.</summary>
    NotAnObject,

    /// <summary>The body is a JSON object without the outer member.</summary>
    Missing,

    /// <summary>The outer member is there, exactly once, and is an object; the values found are filled in.</summary>
    Found,

    /// <summary>The outer member repeated or not an object, or a wanted inner member repeated.</summary>
    Ambiguous,
}
