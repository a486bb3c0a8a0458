using System.Net;

namespace WebhookFirewall.Ledger;

/// <summary>What makes refused requests "alike" for the flood coalescer: the same route, code and client.</summary>
internal readonly record struct FloodKey(string Route, string Code, IPAddress? Client);
